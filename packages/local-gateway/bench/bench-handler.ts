/** The handler work both servers do per request: the same JSON answer built from the caller and a path parameter. */
export function answer(id: string, sub: string): string {
  return JSON.stringify({ id, sub, items: Array.from({ length: 10 }, (_, index) => ({ index, name: `item-${index}`, price: index * 3 })) });
}

/** The same work as a Lambda handler (payload format 2.0), bundled into each benchmark app. */
export const handler = async (event: {
  pathParameters?: { id?: string };
  requestContext: { authorizer?: { lambda?: { sub?: string } } };
}) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: answer(event.pathParameters?.id ?? '', event.requestContext.authorizer?.lambda?.sub ?? ''),
});
