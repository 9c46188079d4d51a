// A posted form, read for an action. The body of a request that is not a form (JSON, plain text, no body, a
// broken multipart body) cannot be read as one: that is a sentence and a 4xx, never a 500.
const FORM_TYPES = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

export async function formOf(request: Request): Promise<FormData> {
  if (!FORM_TYPES.test(request.headers.get('Content-Type') ?? '')) {
    throw new Response(
      'Send a form here (application/x-www-form-urlencoded or multipart/form-data). Nothing was changed.',
      { status: 415, statusText: 'Unsupported Media Type' },
    );
  }
  try {
    return await request.formData();
  } catch {
    throw new Response('The form could not be read: its body is not what its Content-Type says. Nothing was changed.', {
      status: 400,
      statusText: 'Bad Request',
    });
  }
}
