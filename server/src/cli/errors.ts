/**
 * A mistake in how the CLI was invoked (bad option, missing path, bad config).
 * Reported without a stack trace and exits with code 2.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
