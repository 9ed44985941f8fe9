// The /demo page: the catalog as buttons that track events with the browser client, and what the service stored.
import * as HHLProgress from '/client/hhl-progress.js';

const $ = (selector) => document.querySelector(selector);
const api = location.origin;
let email = new URLSearchParams(location.search).get('email') || localStorage.getItem('hhl-demo-email') || 'demo.learner@example.com';
let previousProperties = {};

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function button(label, eventName, fields) {
  const node = element('button', { type: 'button' }, label);
  node.addEventListener('click', () => track(eventName, fields));
  return node;
}

function aggregateBar(type, slug) {
  return element('span', { class: 'agg', 'data-agg': `${type}:${slug}` }, element('progress', { max: '1', value: '0' }), element('span'));
}

function moduleItem(module, where) {
  const fields = { module_slug: module, ...where };
  return element(
    'li',
    { 'data-hhl-module': module, ...(where.course_slug ? { 'data-hhl-course': where.course_slug } : {}), ...(where.pathway_slug ? { 'data-hhl-pathway': where.pathway_slug } : {}) },
    element('span', { class: 'slug' }, module),
    button('Start', 'learning_module_started', fields),
    button('Complete', 'learning_module_completed', fields),
  );
}

function courseBlock(course, modules, pathway) {
  const where = pathway ? { course_slug: course, pathway_slug: pathway } : { course_slug: course };
  return element(
    'div',
    { class: 'course', 'data-hhl-course': course, ...(pathway ? { 'data-hhl-pathway': pathway } : {}) },
    element('div', { class: 'row title' }, element('h3', {}, `Course: ${course}`), aggregateBar('course', course)),
    element('div', { class: 'row' }, button('Enrol', 'learning_course_enrolled', { ...where, enrollment_source: 'demo_page' }), button('Claim course completed', 'learning_course_completed', where)),
    element('ul', {}, ...modules.map((module) => moduleItem(module, where))),
  );
}

function render(catalog) {
  const modulesOf = new Map(catalog.courses.map((course) => [course.slug, course.modules]));
  const inPathways = new Set(catalog.pathways.flatMap((pathway) => pathway.courses));
  const root = $('#catalog');
  for (const pathway of catalog.pathways) {
    const p = pathway.slug;
    root.append(
      element(
        'section',
        { class: 'card', 'data-hhl-pathway': p },
        element('div', { class: 'row title' }, element('h2', {}, `Pathway: ${p}`), aggregateBar('pathway', p)),
        element('div', { class: 'row' }, button('Enrol in pathway', 'learning_pathway_enrolled', { pathway_slug: p, enrollment_source: 'demo_page' }), button('Claim pathway completed', 'learning_pathway_completed', { pathway_slug: p })),
        ...pathway.courses.map((course) => courseBlock(course, modulesOf.get(course) ?? [], p)),
        ...(pathway.modules.length > 0 ? [element('ul', {}, ...pathway.modules.map((module) => moduleItem(module, { pathway_slug: p })))] : []),
      ),
    );
  }
  const standalone = catalog.courses.filter((course) => !inPathways.has(course.slug));
  if (standalone.length > 0) {
    root.append(element('section', { class: 'card' }, element('h2', {}, 'Standalone courses'), ...standalone.map((course) => courseBlock(course.slug, course.modules))));
  }
}

function log(text) {
  $('#log').prepend(element('div', {}, `${new Date().toLocaleTimeString()} ${text}`));
}

async function track(eventName, fields) {
  const result = await HHLProgress.track(eventName, fields);
  log(`${eventName} ${Object.values(fields).join(' / ')} → ${result}`);
  await refresh();
  // A beacon gets no answer: read again once the service has had time to write.
  setTimeout(refresh, 400);
}

async function getJson(path) {
  const response = await fetch(`${api}${path}`);
  return response.json();
}

async function refresh() {
  const view = await HHLProgress.hydrate();
  HHLProgress.mark(view);
  HHLProgress.showSynced(view);
  $('#progress').textContent = JSON.stringify(view, null, 2);
  const query = `email=${encodeURIComponent(email)}`;
  const [contact, enrollments] = await Promise.all([getJson(`/demo/contact?${query}`), getJson(`/enrollments/list?${query}`)]);
  showProperties(contact);
  $('#enrollments').textContent = JSON.stringify(enrollments.enrollments, null, 2);
  await Promise.all(
    [...document.querySelectorAll('[data-agg]')].map(async (bar) => {
      const [type, slug] = bar.getAttribute('data-agg').split(':');
      const aggregate = await getJson(`/progress/aggregate?type=${type}&slug=${slug}&${query}`);
      bar.querySelector('progress').max = Math.max(aggregate.total, 1);
      bar.querySelector('progress').value = aggregate.completed;
      bar.querySelector('span').textContent = ` ${aggregate.completed}/${aggregate.total} modules`;
    }),
  );
}

function showProperties(contact) {
  const table = $('#properties');
  table.replaceChildren(element('tr', {}, element('td', {}, 'contact id'), element('td', {}, contact.id ?? '(no contact yet)')));
  const properties = contact.properties ?? {};
  for (const [name, value] of Object.entries(properties)) {
    const changed = previousProperties[name] !== undefined && previousProperties[name] !== value;
    table.append(element('tr', changed ? { class: 'changed' } : {}, element('td', {}, name), element('td', {}, value ?? '')));
  }
  previousProperties = properties;
}

async function use(next) {
  email = next.trim().toLowerCase();
  localStorage.setItem('hhl-demo-email', email);
  $('#email').value = email;
  previousProperties = {};
  await HHLProgress.init({ apiBase: api, email });
  log(`learner ${email}`);
  await refresh();
}

$('#who').addEventListener('submit', (event) => {
  event.preventDefault();
  void use($('#email').value);
});

render(await getJson('/demo/catalog.json'));
await use(email);
