// For comparison only: what the store would cost with `import { Client }` (the whole official SDK).
import { Client } from '@hubspot/api-client';

const client = new Client({ accessToken: process.env.HUBSPOT_PRIVATE_APP_TOKEN, basePath: process.env.HUBSPOT_API_BASE_URL, numberOfApiCallRetries: 0 });
export const contacts = client.crm.contacts.basicApi;
export async function handler() {
  return { body: JSON.stringify({ status: typeof contacts.getById }) };
}
