/** Placeholder: replaced by the database harness (one migrated template, one clone per test file). */
export default function setup(): void {}
