/** Uploads and attachments (POST /api/v2/uploads, comment.uploads, content_url); see the CHOICEs in uploads.ts. */
import assert from 'node:assert/strict';
import { FIXTURES } from '../../sandbox/index';
import { api, http, signIn, useSandbox } from '../../support/sandboxHttp';

interface Attachment {
  id: number;
  file_name: string;
  content_url: string;
  content_type: string;
  size: number;
}
interface UploadBody {
  upload: { token: string; expires_at: string; attachments: Attachment[]; attachment: Attachment };
}

describe('sandbox API: uploads and attachments', () => {
  const sb = useSandbox({ tickets: 30 });
  let token = '';
  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x80]);

  let editable: number[] = [];

  before(async () => {
    token = (await signIn(sb(), FIXTURES.users.agent)).access_token;
    const { tickets } = (await api(sb(), token, 'GET', '/api/v2/tickets?per_page=30')).json<{
      tickets: { id: number; status: string }[];
    }>();
    editable = tickets.filter((t) => t.status !== 'closed').map((t) => t.id);
  });

  const upload = (name: string, body: Buffer, extra = '', t = token) =>
    http(`${sb().url}/api/v2/uploads?filename=${encodeURIComponent(name)}${extra}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'image/png' },
      body: new Uint8Array(body),
    });

  it("takes a file's bytes and answers 201 with a token that lasts an hour; a second file joins the same token", async () => {
    const first = await upload('screen shot.png', bytes);
    assert.equal(first.status, 201, first.text);
    const u = first.json<UploadBody>().upload;
    assert.match(u.token, /^[A-Za-z0-9_-]{10,}$/);
    assert.equal(u.attachment.file_name, 'screen shot.png');
    assert.equal(u.attachment.size, bytes.length);
    assert.equal(u.attachment.content_type, 'image/png');
    const second = (await upload('log.txt', Buffer.from('hello'), `&token=${u.token}`)).json<UploadBody>().upload;
    assert.equal(second.token, u.token);
    assert.deepEqual(
      second.attachments.map((a) => a.file_name),
      ['screen shot.png', 'log.txt'],
    );
    const served = await fetch(u.attachment.content_url);
    assert.equal(served.status, 200);
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), bytes, 'the bytes changed on the way');
  });

  it("attaches an upload's files to the comment that names its token, once", async () => {
    const u = (await upload('trace.png', bytes)).json<UploadBody>().upload;
    const put = await api(sb(), token, 'PUT', `/api/v2/tickets/${editable[0]}`, {
      ticket: { comment: { body: 'See attached', public: true, uploads: [u.token] } },
    });
    assert.equal(put.status, 200, put.text);
    const comments = (await api(sb(), token, 'GET', `/api/v2/tickets/${editable[0]}/comments`)).json<{
      comments: { body: string; attachments: Attachment[] }[];
    }>().comments;
    const last = comments[comments.length - 1];
    assert.equal(last.body, 'See attached');
    assert.deepEqual(
      last.attachments.map((a) => [a.file_name, a.id]),
      [['trace.png', u.attachment.id]],
    );
    const again = await api(sb(), token, 'PUT', `/api/v2/tickets/${editable[0]}`, {
      ticket: { comment: { body: 'Again', public: true, uploads: [u.token] } },
    });
    assert.equal(again.status, 422);
    assert.match(again.text, /Uploads: token .* is invalid or has expired/);
  });

  it('refuses an expired token (after 60 minutes) with 422 and leaves the ticket as it was', async () => {
    const u = (await upload('late.png', bytes)).json<UploadBody>().upload;
    sb().admin.advanceClock(3601);
    token = (await signIn(sb(), FIXTURES.users.agent)).access_token; // the access token expired too
    const before = (await api(sb(), token, 'GET', `/api/v2/tickets/${editable[1]}/comments`)).json<{
      comments: unknown[];
    }>().comments.length;
    const put = await api(sb(), token, 'PUT', `/api/v2/tickets/${editable[1]}`, {
      ticket: { comment: { body: 'Late', public: true, uploads: [u.token] } },
    });
    assert.equal(put.status, 422);
    assert.equal(
      (await api(sb(), token, 'GET', `/api/v2/tickets/${editable[1]}/comments`)).json<{ comments: unknown[] }>()
        .comments.length,
      before,
    );
  });

  it('needs write access and a role that may edit tickets; a file name and some bytes', async () => {
    const readOnly = (await signIn(sb(), FIXTURES.users.agent, 'read')).access_token;
    assert.equal((await upload('x.png', bytes, '', readOnly)).status, 403);
    const customer = (await signIn(sb(), FIXTURES.users.customer, 'read write')).access_token;
    assert.equal((await upload('x.png', bytes, '', customer)).status, 403);
    assert.equal(
      (
        await http(`${sb().url}/api/v2/uploads`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}` },
          body: new Uint8Array(bytes),
        })
      ).status,
      400,
    );
    assert.equal((await upload('empty.png', Buffer.alloc(0))).status, 400);
    assert.equal((await fetch(`${sb().url}/attachments/token/nope/?name=x`)).status, 404);
  });

  it('DELETE /api/v2/uploads/{token} discards an unused upload: 204, its file is gone, a comment can no longer name it', async () => {
    const u = (await upload('draft.png', bytes)).json<UploadBody>().upload;
    const other = (await signIn(sb(), FIXTURES.users.admin)).access_token;
    assert.equal(
      (await api(sb(), other, 'DELETE', `/api/v2/uploads/${u.token}`)).status,
      404,
      'someone else deleted my upload',
    );
    const del = await api(sb(), token, 'DELETE', `/api/v2/uploads/${u.token}`);
    assert.equal(del.status, 204);
    assert.equal((await fetch(u.attachment.content_url)).status, 404);
    const put = await api(sb(), token, 'PUT', `/api/v2/tickets/${editable[2]}`, {
      ticket: { comment: { body: 'x', public: true, uploads: [u.token] } },
    });
    assert.equal(put.status, 422);
    assert.equal((await api(sb(), token, 'DELETE', `/api/v2/uploads/${u.token}.json`)).status, 404, 'deleted twice');
  });

  it('takes a file of exactly 50 MB and refuses one byte more with 413', async () => {
    const limit = 50 * 1024 * 1024;
    const big = Buffer.alloc(limit + 1, 7);
    const over = await upload('big.bin', big);
    assert.equal(over.status, 413);
    const at = await upload('big.bin', big.subarray(0, limit));
    assert.equal(at.status, 201, at.text);
    assert.equal(at.json<UploadBody>().upload.attachment.size, limit);
  });
});
