import { describe, expect, it } from 'vitest';
import type { ContactStore } from '../../../src/crm/contact-store.js';
import { createLocalContactStore } from '../../../src/crm/local/local-store.js';
import { CrmError } from '../../../src/errors.js';
import { processBatch } from '../../../src/queue/process-batch.js';
import { eventMessage } from '../../../src/tracking/queue-message.js';
import { NOW } from '../../fixtures/app-fixture.js';
import { AT, batchDeps, inbound, moduleCompleted, verify } from '../../fixtures/queue-fixture.js';

const MODULES = ['crm-overview', 'contacts-and-companies', 'deals-pipeline'];

async function state(store: ContactStore, email: string) {
  const contact = await store.read({ kind: 'email', email }, ['hhl_progress_state', 'hhl_completed_courses', 'hhl_total_progress']);
  return { contact, state: JSON.parse(contact?.properties.hhl_progress_state ?? '{}') };
}

describe('processBatch', () => {
  it('writes a batch for many learners in three store calls: one read, one create, one update', async () => {
    // Prepare: 20 existing learners and 30 new ones, 3 events each
    const { deps, store } = batchDeps();
    for (let i = 0; i < 20; i += 1) await store.create(`old${i}@example.com`, {});
    const callsBefore = store.calls;
    const emails = [...Array.from({ length: 20 }, (_, i) => `old${i}@example.com`), ...Array.from({ length: 30 }, (_, i) => `new${i}@example.com`)];
    const messages = emails.flatMap((email) => MODULES.map((m) => moduleCompleted(email, m)));
    // Act
    const result = await processBatch(deps, messages);
    // Assess
    expect(result.failed).toEqual([]);
    expect(result.written).toBe(50);
    expect(store.calls - callsBefore).toBe(3);
    for (const email of ['old3@example.com', 'new7@example.com']) {
      const { contact } = await state(store, email);
      expect(contact?.properties).toMatchObject({ hhl_completed_courses: 'crm-essentials', hhl_total_progress: '3' });
    }
  });

  it('reports only the messages of a learner whose stored state cannot be parsed', async () => {
    // Prepare
    const { deps, store } = batchDeps();
    await store.create('broken@example.com', { hhl_progress_state: '{"nope"' });
    const bad = moduleCompleted('broken@example.com', 'crm-overview');
    const good = moduleCompleted('fine@example.com', 'crm-overview');
    // Act
    const result = await processBatch(deps, [bad, good]);
    // Assess
    expect(result.failed).toEqual([{ id: bad.id, reason: 'corrupt-state' }]);
    expect((await state(store, 'fine@example.com')).state.courses['crm-essentials'].modules['crm-overview'].completed).toBe(true);
    expect((await store.read({ kind: 'email', email: 'broken@example.com' }, ['hhl_progress_state']))?.properties.hhl_progress_state).toBe('{"nope"');
  });

  it('fails a poison message and processes the rest', async () => {
    const { deps, store } = batchDeps();
    const poison = { id: 'poison-1', body: '{"hello":"world"}', receiveCount: 3 };
    const good = moduleCompleted('fine@example.com', 'crm-overview');
    const result = await processBatch(deps, [poison, good]);
    expect(result.failed).toEqual([{ id: 'poison-1', reason: 'poison' }]);
    expect((await state(store, 'fine@example.com')).contact).not.toBeNull();
  });

  it('merges into a contact created by someone else between the read and the create (409)', async () => {
    // Prepare: the store creates the learner right after the batch read, as a concurrent request would
    const inner = createLocalContactStore({ clock: () => NOW });
    const racing: ContactStore = Object.assign(Object.create(null), inner, {
      calls: 0,
      read: inner.read,
      create: inner.create,
      update: inner.update,
      createMany: inner.createMany,
      updateMany: inner.updateMany,
      async readMany(...args: Parameters<ContactStore['readMany']>) {
        const answer = await inner.readMany(...args);
        if (!(await inner.read({ kind: 'email', email: 'racer@example.com' }, []))) {
          await inner.create('racer@example.com', {
            hhl_progress_state: JSON.stringify({ courses: { 'crm-essentials': { enrolled: true, enrolled_at: AT, modules: { 'deals-pipeline': { started: true, started_at: AT, completed: true, completed_at: AT } } } } }),
          });
        }
        return answer;
      },
    });
    const { deps } = batchDeps(racing);
    // Act
    const result = await processBatch(deps, [moduleCompleted('racer@example.com', 'crm-overview')]);
    // Assess
    expect(result.failed).toEqual([]);
    const modules = (await state(inner, 'racer@example.com')).state.courses['crm-essentials'].modules;
    expect(Object.keys(modules).sort()).toEqual(['crm-overview', 'deals-pipeline']);
  });

  it.each([
    ['with Retry-After', 7, 7],
    ['without Retry-After', undefined, 10],
  ])('fails the whole batch on a 429 %s when no queue can hold it, delayed by what HubSpot asked or the 10-s window', async (_label, retryAfterSeconds, expected) => {
    // Prepare
    const inner = createLocalContactStore({ clock: () => NOW });
    const limited = { ...inner, calls: 0, readMany: async () => { throw new CrmError('HubSpot rate limit reached', { status: 429, retryable: true, category: 'RATE_LIMIT', retryAfterSeconds }); } } as ContactStore;
    const { deps } = batchDeps(limited);
    const messages = [moduleCompleted('a@example.com', 'crm-overview', 'crm-essentials'), moduleCompleted('b@example.com', 'crm-overview')].map((m) => ({ ...m, receiveCount: 2 }));
    // Act
    const result = await processBatch(deps, messages);
    // Assess
    expect(result.failed.map((f) => f.retryAfterSeconds)).toEqual([expected, expected]);
  });

  it('drops a completion claim the state does not support, and keeps the learner\'s other events', async () => {
    const { deps, store, logs } = batchDeps();
    const claim = inbound(eventMessage({ name: 'learning_course_completed', at: AT, course: 'crm-essentials' }, { identity: { kind: 'email', email: 'c@example.com' }, email: 'c@example.com' }, true));
    const result = await processBatch(deps, [claim, moduleCompleted('c@example.com', 'crm-overview')]);
    expect(result.failed).toEqual([]);
    expect(logs.some((l) => l.message === 'Completion claim not supported by the state; dropped')).toBe(true);
    expect((await state(store, 'c@example.com')).contact?.properties.hhl_completed_courses ?? '').toBe('');
  });

  it('repairs, on a verify message, an update another concurrent write replaced', async () => {
    // Prepare: two versions written by racing requests; the current one lost the other's module
    const { deps, store } = batchDeps();
    const { id } = await store.create('v@example.com', {});
    const version = (module: string) => JSON.stringify({ courses: { 'crm-essentials': { enrolled: true, enrolled_at: AT, modules: { [module]: { started: true, started_at: AT, completed: true, completed_at: AT } } } } });
    await store.update(id, { hhl_progress_state: version('crm-overview') });
    await store.update(id, { hhl_progress_state: version('deals-pipeline') });
    // Act
    const result = await processBatch(deps, [verify('v@example.com'), verify('v@example.com')]);
    // Assess
    expect(result.failed).toEqual([]);
    const { contact, state: repaired } = await state(store, 'v@example.com');
    expect(Object.keys(repaired.courses['crm-essentials'].modules).sort()).toEqual(['crm-overview', 'deals-pipeline']);
    expect(contact?.properties.hhl_total_progress).toBe('2');
  });

  it('writes nothing for a verify message when nothing was lost: a read, and a read of the recent versions', async () => {
    const { deps, store } = batchDeps();
    await processBatch(deps, [moduleCompleted('q@example.com', 'crm-overview')]);
    const calls = store.calls;
    const result = await processBatch(deps, [verify('q@example.com')]);
    expect(result.written).toBe(0);
    expect(store.calls - calls).toBe(2);
  });

  it('reads without history the learners not written in the last ten minutes: one call per 100', async () => {
    // Prepare: 150 learners last written an hour ago
    const hourAgo = new Date(NOW.getTime() - 60 * 60 * 1000).toISOString();
    const { deps, store } = batchDeps();
    const emails = Array.from({ length: 150 }, (_, i) => `old${i}@example.com`);
    for (const email of emails) await store.create(email, { hhl_progress_state: '{}', hhl_progress_updated_at: hourAgo });
    const before = store.calls;
    // Act
    const result = await processBatch(deps, emails.map((email) => moduleCompleted(email, 'crm-overview')));
    // Assess: 2 reads (100 + 50), no history read, 2 updates (100 + 50)
    expect(result.failed).toEqual([]);
    expect(store.calls - before).toBe(2 + 2);
  });
});
