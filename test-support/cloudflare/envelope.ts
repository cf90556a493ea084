/** Cloudflare's response envelope (api reference §1.4). */

export interface EnvelopeBody {
  success: boolean;
  errors: { code: number; message: string }[];
  messages: { code: number; message: string }[];
  result: unknown;
  result_info?: Record<string, number>;
}

export interface ApiResponse {
  status: number;
  body: EnvelopeBody;
  headers?: Record<string, string>;
}

/** Thrown by state and routes; the server turns it into a failure envelope. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toResponse(): ApiResponse {
    return {
      status: this.status,
      headers: this.headers,
      body: {
        success: false,
        errors: [{ code: this.code, message: this.message }],
        messages: [],
        result: null,
      },
    };
  }
}

export function ok(result: unknown, resultInfo?: Record<string, number>): ApiResponse {
  return {
    status: 200,
    body: {
      success: true,
      errors: [],
      messages: [],
      result,
      ...(resultInfo ? { result_info: resultInfo } : {}),
    },
  };
}
