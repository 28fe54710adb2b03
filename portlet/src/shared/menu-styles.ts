import { css } from 'lit';

/** The look of a menu button and its popup, shared by "ACTIONS" and staff's "Réponses types". */
export const menuStyles = css`
  :host {
    display: inline-block;
    position: relative;
    background: none;
  }
  .popup {
    position: absolute;
    z-index: 10;
    margin: 2px 0 0;
    background: var(--bg);
    border: 1px solid var(--bd);
    border-radius: 4px;
    box-shadow: 0 4px 12px #0003;
  }
  [role='menuitem'] {
    padding: 0.35em 0.9em;
    cursor: pointer;
  }
  [role='menuitem']:hover,
  [role='menuitem']:focus {
    background: var(--a);
    color: #fff;
    outline: none;
  }
`;
