/**
 * A setting the operator must fix before anything is served. The message names the variable, what is wrong with
 * its value and what is accepted; `variable` carries the name for callers that report it apart.
 */
export class SettingsError extends Error {
  override name = 'SettingsError'

  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message)
  }
}
