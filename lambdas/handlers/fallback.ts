/**
 * The API's `$default` route: whatever no route matched. Answers 405 with `Allow` when the path
 * exists with another method, else 404, in the API's error shape.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { refuseUnlessThroughTheEdge } from '#http/middlewares';
import { serialise } from '#http/reply';
import { errorBody, toErrorReply } from '#http/errors';
import { matchRoute } from '#routes';

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    refuseUnlessThroughTheEdge(event.headers ?? {});
  } catch (error) {
    return serialise(toErrorReply(error)!);
  }
  const match = matchRoute(event.requestContext.http.method, event.rawPath);
  if (match.kind === 'wrongMethod') {
    return serialise({
      statusCode: 405,
      body: errorBody('METHOD_NOT_ALLOWED'),
      headers: { allow: match.allowed.join(', ') },
    });
  }
  return serialise({ statusCode: 404, body: errorBody('NOT_FOUND') });
}
