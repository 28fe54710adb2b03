import { css } from 'lit';

/**
 * The look every element shares, themed through CSS custom properties (`--helpdesk-accent`,
 * `--helpdesk-text`, `--helpdesk-background`, `--helpdesk-muted`, `--helpdesk-danger`,
 * `--helpdesk-font`) so the ENT recolours it without reaching into the shadow DOM.
 */
export const base = css`
  :host {
    --a: var(--helpdesk-accent, #1d4f91);
    --fg: var(--helpdesk-text, #1e1e1e);
    --bg: var(--helpdesk-background, #fff);
    --mu: var(--helpdesk-muted, #595959);
    --bd: var(--helpdesk-border, #8a8a8a);
    --er: var(--helpdesk-danger, #b00020);
    display: block;
    color: var(--fg);
    background: var(--bg);
    font: var(--helpdesk-font, 1rem/1.5 system-ui, sans-serif);
  }
  [hidden] {
    display: none !important;
  }
  h2,
  h3 {
    margin: 0.5em 0;
    line-height: 1.25;
  }
  h2 {
    font-size: 1.25rem;
  }
  h3 {
    font-size: 1.05rem;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    border: 1px solid var(--a);
    border-radius: 4px;
    padding: 0.3em 0.8em;
    background: var(--bg);
    color: var(--a);
  }
  button.primary {
    background: var(--a);
    color: #fff;
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  button.link {
    border: 0;
    padding: 0;
    text-decoration: underline;
    background: none;
  }
  input,
  select,
  textarea {
    border: 1px solid var(--bd);
    border-radius: 4px;
    padding: 0.3em 0.5em;
    background: var(--bg);
  }
  :focus-visible {
    outline: 3px solid var(--helpdesk-focus, #e07b00);
    outline-offset: 2px;
  }
  label {
    font-weight: 600;
  }
  a {
    color: var(--a);
  }
  .muted {
    color: var(--mu);
  }
  .error {
    color: var(--er);
    font-weight: 600;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25em;
    margin: 0.75em 0;
  }
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 0.35em 0.5em;
    border-bottom: 1px solid #ddd;
    vertical-align: top;
  }
  @media print {
    .noprint {
      display: none !important;
    }
  }
`;
