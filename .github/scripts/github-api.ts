/**
 * The few GitHub REST calls the pull request scripts make, with `fetch` (no SDK): JSON in and
 * out, a token from the workflow, every page of a list (GitHub caps `per_page` at 100 and says
 * when there is more in the `Link` header, https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api).
 */
export interface GitHubClient {
  readonly api: string;
  readonly repository: string;
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
  list<T>(path: string): Promise<T[]>;
}

export function gitHubClient(env: Readonly<Record<string, string | undefined>> = process.env): GitHubClient {
  const token = env.GITHUB_TOKEN;
  const repository = env.GITHUB_REPOSITORY;
  if (!token) throw new Error('GITHUB_TOKEN is not set: pass ${{ github.token }} to the step');
  if (!repository || !/^[^/]+\/[^/]+$/.test(repository)) throw new Error(`GITHUB_REPOSITORY="${repository ?? ''}" is not owner/name`);
  const api = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, '');
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${token}`,
    'x-github-api-version': '2022-11-28',
    'user-agent': 'frontdesk-ci',
  };

  async function send(method: string, url: string, body?: unknown): Promise<Response> {
    const response = await fetch(url, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      const text = await response.text();
      throw new Error(`GitHub ${method} ${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return response;
  }

  return {
    api,
    repository,
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      return (await (await send(method, `${api}${path}`, body)).json()) as T;
    },
    async list<T>(path: string): Promise<T[]> {
      const items: T[] = [];
      let url: string | undefined = `${api}${path}${path.includes('?') ? '&' : '?'}per_page=100`;
      for (let pages = 0; url && pages < 100; pages++) {
        const response = await send('GET', url);
        items.push(...((await response.json()) as T[]));
        url = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
      }
      return items;
    },
  };
}
