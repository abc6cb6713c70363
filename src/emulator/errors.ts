/**
 * A Salesforce REST error, carried until the HTTP layer writes it as Salesforce does:
 * status + `[{"message","errorCode","fields"?}]` (or `statusCode` inside sObject Collections).
 */
export class SalesforceError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
    this.name = 'SalesforceError';
  }

  toBody(): Array<{ message: string; errorCode: string; fields?: string[] }> {
    const item: { message: string; errorCode: string; fields?: string[] } = {
      message: this.message,
      errorCode: this.errorCode,
    };
    if (this.fields) item.fields = this.fields;
    return [item];
  }
}

/** An OAuth endpoint error: 400 `{"error","error_description"}` unless told otherwise. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}
