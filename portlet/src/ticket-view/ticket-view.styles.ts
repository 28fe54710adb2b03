import { css } from 'lit';

/** The ticket view's layout, and its printable page (every tab shown, no buttons). */
export const viewStyles = css`
  .head {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
    align-items: center;
  }
  .head h2 {
    margin-right: auto;
  }
  .subject {
    font-size: 1.15rem;
    font-weight: 700;
    margin: 0.25em 0 0.75em;
    overflow-wrap: anywhere;
  }
  .lines {
    margin: 0 0 1em;
  }
  .line {
    display: flex;
    gap: 0.5em;
    align-items: center;
    min-height: 2.2em;
  }
  dt {
    font-weight: 600;
    min-width: 9em;
  }
  dd {
    margin: 0;
    display: flex;
    gap: 0.75em;
    align-items: center;
  }
  .tabs {
    display: flex;
    flex-wrap: wrap;
    border-bottom: 2px solid var(--a);
  }
  [role='tab'] {
    border: 1px solid var(--bd);
    border-bottom: 0;
    border-radius: 4px 4px 0 0;
    margin-right: 2px;
    color: var(--fg);
  }
  [role='tab'][aria-selected='true'] {
    background: var(--a);
    color: #fff;
    border-color: var(--a);
  }
  [role='tabpanel'] {
    padding: 0.75em 0.25em;
  }
  .history {
    list-style: none;
    padding: 0;
  }
  .history > li {
    border-bottom: 1px solid #ddd;
    padding: 0.5em 0;
  }
  .history p {
    margin: 0.15em 0;
  }
  /* An internal note never looks like a public entry. */
  .history > li.internal {
    border: 2px dashed #8a5a00;
    background: #fff8e6;
    padding: 0.5em;
  }
  .turn {
    border: 2px solid var(--a);
    border-radius: 6px;
    padding: 0.5em 1em;
    margin-bottom: 1em;
  }
  .reply {
    margin-top: 1em;
  }
  .message {
    margin-top: 0.4em;
    overflow-wrap: anywhere;
  }
  .props {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.3em 1em;
  }
  .notice {
    padding: 0.5em;
    border-left: 4px solid var(--er);
  }
  .printonly {
    display: none;
  }
  @media print {
    [role='tabpanel'][hidden] {
      display: block !important;
    }
    .printonly {
      display: block;
    }
  }
`;
