import './desk-tools.js';
import { defineElements } from '../shared/on-demand.js';
import { HelpdeskQueue } from './queue.js';

// The staff part: what only department staff use, loaded on demand once the portlet knows the viewer
// works in a department, so a student's first screen never downloads it.
defineElements({ 'helpdesk-queue': HelpdeskQueue });

declare global {
  interface HTMLElementTagNameMap {
    'helpdesk-queue': HelpdeskQueue;
  }
}
