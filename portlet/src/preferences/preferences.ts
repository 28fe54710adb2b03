import { defineElements } from '../shared/on-demand.js';
import { HelpdeskPreferences } from './preferences-screen.js';

// The preferences part, loaded on demand when someone opens "Préférences".
defineElements({ 'helpdesk-preferences': HelpdeskPreferences });

declare global {
  interface HTMLElementTagNameMap {
    'helpdesk-preferences': HelpdeskPreferences;
  }
}
