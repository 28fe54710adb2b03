import { HelpdeskElement } from '../shared/helpdesk-element.js';
import { en } from './en.js';
import { fr, type StaffMessages } from './fr.js';

/** What the staff part's manager tools share: the part's own words, in the element's language. */
export class StaffElement extends HelpdeskElement {
  get w(): StaffMessages {
    return this.language === 'en' ? en : fr;
  }
}
