import './desk-tools.js';
import { defineElements } from '../shared/on-demand.js';
import { HelpdeskQueue } from './queue.js';
import { HelpdeskStatistics } from './statistics-screen.js';

// The staff part: what only department staff use, loaded on demand once the portlet knows the viewer
// works in a department, so a student's first screen never downloads it.
defineElements({ 'helpdesk-queue': HelpdeskQueue, 'helpdesk-statistics': HelpdeskStatistics });

declare global {
  interface HTMLElementTagNameMap {
    'helpdesk-queue': HelpdeskQueue;
    'helpdesk-statistics': HelpdeskStatistics;
  }
}
