import type { APIRequestContext, Page } from '@playwright/test';
import type { TFunction } from 'i18next';
import { BASE_URL } from '../support/environment';
import { expect, expectAccessible, expectPage, screenshots, test, uniqueEmail } from '../support/fixtures';
import { PASSWORD, registerPartner, signIn, tabTo } from '../support/journeys';

/** Luhn over nine digits, as the API computes the organisationsnummer's check digit. */
function luhn(nine: string): number {
  let sum = 0;
  for (let i = 0; i < nine.length; i += 1) {
    let digit = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

const withCheckDigit = (nine: string) => `${nine.slice(0, 6)}-${nine.slice(6)}${luhn(nine)}`;
/** A valid number nobody has registered (559…: a company's third digit is at least 2). */
const freshOrgNumber = () => withCheckDigit(`559${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`);
/** The demo data's first company (demo/demo-seed.ts): a valid number that is already registered. */
const REGISTERED = withCheckDigit('559100001');

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A kind's radio: its accessible name is the kind followed by its description. */
const kindRadio = (page: Page, t: TFunction, kind: string) =>
  page.getByRole('radio', {
    name: new RegExp(`^${escape(t(`organisations.kinds.${kind}` as 'organisations.kinds.company'))}`),
  });

/** Chooses a kind as a person does: by clicking its label. */
async function chooseKind(page: Page, t: TFunction, kind: string): Promise<void> {
  await page
    .getByRole('radiogroup')
    .getByText(t(`organisations.kinds.${kind}` as 'organisations.kinds.company'), { exact: true })
    .click();
  await expect(kindRadio(page, t, kind)).toBeChecked();
}

async function registerAndSignIn(page: Page, t: TFunction, email: string, name: string): Promise<void> {
  await registerPartner(page, t, email, name);
  await page.goto('/sign-in');
  await signIn(page, t, email, PASSWORD);
  await expectPage(page, t('home.title'));
}

/** Another account's side, through the API with a bearer token (the screens that do it are tested here too). */
async function bearer(request: APIRequestContext, email: string, password: string): Promise<Record<string, string>> {
  const response = await request.post('/api/v1/auth/login', { data: { email, password } });
  expect(response.status()).toBe(200);
  const { accessToken } = (await response.json()) as { accessToken: string };
  return { authorization: `Bearer ${accessToken}`, origin: BASE_URL };
}

test('a resident and a company register organisations; the company invites the resident, who accepts and is a member', async ({
  page,
  t,
  language,
}) => {
  test.setTimeout(240_000);
  const residentEmail = uniqueEmail(`org-res-${language}`);
  const companyEmail = uniqueEmail(`org-co-${language}`);
  const residentName = 'Rut Invånare';
  const companyName = `Öresundsteknik ${language} ${Date.now().toString(36)}`;
  const initiative = `Grannar för Gröningen ${language} ${Date.now().toString(36)}`;

  // ── The resident: no organisations yet, then a resident initiative (no organisationsnummer asked).
  await registerAndSignIn(page, t, residentEmail, residentName);
  await page
    .getByRole('navigation', { name: t('layout.mainNavigation') })
    .getByRole('link', { name: t('nav.organisations') })
    .click();
  await expectPage(page, t('organisations.list.title'));
  await expect(page.getByText(t('organisations.list.none'))).toBeVisible();
  await expectAccessible(page, `my organisations, none (${language})`);
  await screenshots(page, 'organisations-empty', language);

  await page.getByRole('link', { name: t('organisations.list.create') }).click();
  await expectPage(page, t('organisations.create.title'));
  await expect(page.getByText(t('organisations.create.chooseKindFirst'))).toBeVisible();
  await expectAccessible(page, `register an organisation (${language})`);
  await screenshots(page, 'organisation-new', language);

  // Nothing chosen: the summary takes focus and names the kind.
  await page.getByRole('button', { name: t('organisations.create.action') }).click();
  const summary = page.getByRole('alert').filter({ hasText: t('forms.errorSummary') });
  await expect(summary).toBeFocused();
  await expect(summary).toContainText(t('organisations.create.kindRequired'));
  await expectAccessible(page, `register an organisation, nothing chosen (${language})`);

  await chooseKind(page, t, 'resident');
  await expect(page.getByRole('textbox', { name: t('organisations.create.orgNumber') })).toHaveCount(0);
  await page.getByLabel(t('organisations.create.residentName')).fill(initiative);
  await page.getByLabel(t('organisations.create.description')).fill('Vi vill göra parken tryggare på kvällarna.');
  await expectAccessible(page, `register a resident initiative (${language})`);
  await screenshots(page, 'organisation-new-resident', language);
  await page.getByRole('button', { name: t('organisations.create.action') }).click();
  await expectPage(page, initiative);
  await expect(
    page.getByText(t('organisations.detail.myRole', { role: t('organisations.roles.owner') }), { exact: false }),
  ).toBeVisible();

  // ── The company.
  await page.context().clearCookies();
  await registerAndSignIn(page, t, companyEmail, 'Carl Företag');
  await page.goto('/organisations/new');
  await expectPage(page, t('organisations.create.title'));
  await chooseKind(page, t, 'company');
  await page.getByLabel(t('organisations.create.name')).fill(companyName);

  // A wrong check digit is refused as it is typed, and nothing is sent.
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/v1/organizations')) sent.push(request.url());
  });
  const orgNumber = page.getByLabel(t('organisations.create.orgNumber'), { exact: true });
  await orgNumber.fill('556036-0794');
  await expect(orgNumber).toHaveAccessibleDescription(new RegExp(escape(t('organisations.orgNumber.checkDigit'))));
  await expectAccessible(page, `register a company, wrong check digit while typing (${language})`);
  await page.getByRole('button', { name: t('organisations.create.action') }).click();
  await expect(summary).toBeFocused();
  await expect(summary).toContainText(t('organisations.orgNumber.checkDigit'));
  await expect(orgNumber).toHaveValue('556036-0794');
  await expectAccessible(page, `register a company, wrong check digit refused (${language})`);
  await screenshots(page, 'organisation-new-errors', language);
  expect(sent).toEqual([]);

  // A third digit under 2 is a personnummer, not an organisationsnummer.
  await orgNumber.fill('551036-0793');
  await expect(orgNumber).toHaveAccessibleDescription(new RegExp(escape(t('organisations.orgNumber.thirdDigit'))));

  // A number the browser finds right but the API refuses (registered already): the API's answer is shown.
  await orgNumber.fill(REGISTERED.replace('-', ''));
  await expect(page.getByRole('status').filter({ hasText: t('organisations.create.orgNumberOk') })).toBeVisible();
  await page.getByRole('button', { name: t('organisations.create.action') }).click();
  const duplicate = t('organisations.create.duplicate', { orgNumber: REGISTERED });
  await expect(summary).toContainText(duplicate);
  await expect(orgNumber).toHaveAccessibleDescription(new RegExp(escape(duplicate)));
  await expect(page.getByLabel(t('organisations.create.name'))).toHaveValue(companyName);
  expect(sent).toHaveLength(1);
  await expectAccessible(page, `register a company, the API's refusal (${language})`);

  await orgNumber.fill(freshOrgNumber());
  await page.getByLabel(t('organisations.create.website')).fill('https://oresundsteknik.example.se');
  await page.getByLabel(t('organisations.create.contactEmail')).fill('info@oresundsteknik.example.se');
  await page.getByRole('button', { name: t('organisations.create.action') }).click();
  await expectPage(page, companyName);
  await expectAccessible(page, `an organisation's page, owner (${language})`);
  await screenshots(page, 'organisation-owner', language);

  // Edit: the new details are saved and said so.
  await page.getByLabel(t('organisations.create.description')).fill('Sensorer för trygg hemtjänst.');
  await page.getByRole('button', { name: t('organisations.edit.action') }).click();
  await expect(page.getByRole('status').filter({ hasText: t('organisations.edit.saved') })).toBeVisible();

  // Invite the resident's account: the API's 202 shows as "invited", and the invitation is listed.
  const email = page.getByLabel(t('organisations.invite.email'), { exact: true });
  await email.fill(residentEmail.toUpperCase());
  await page.getByRole('button', { name: t('organisations.invite.action') }).click();
  await expect(page.getByRole('status').filter({ hasText: residentEmail })).toContainText(
    t('organisations.rolesInSentence.member'),
  );
  const pending = page.getByRole('region', { name: t('organisations.pending.title') });
  const residentInvitation = pending.getByRole('listitem').filter({ hasText: residentEmail });
  await expect(residentInvitation).toContainText(t('organisations.pending.status'));
  await expectAccessible(page, `an organisation's page, invitation sent (${language})`);

  // A second invitation, withdrawn through the dialog.
  const stranger = uniqueEmail(`org-x-${language}`);
  await email.fill(stranger);
  await page.getByRole('button', { name: t('organisations.invite.action') }).click();
  await expect(pending.getByRole('listitem').filter({ hasText: stranger })).toBeVisible();
  await page.getByRole('button', { name: t('organisations.pending.withdraw', { email: stranger }) }).click();
  const withdrawDialog = page.getByRole('dialog', {
    name: t('organisations.pending.withdrawTitle', { email: stranger }),
  });
  await expect(withdrawDialog).toBeVisible();
  await expectAccessible(page, `withdraw an invitation, dialog (${language})`);
  await withdrawDialog.getByRole('button', { name: t('organisations.pending.withdrawConfirm') }).click();
  await expect(
    page.getByRole('status').filter({ hasText: t('organisations.pending.withdrawn', { email: stranger }) }),
  ).toBeVisible();
  await expect(pending.getByRole('listitem').filter({ hasText: stranger })).toHaveCount(0);
  await expect(residentInvitation).toBeVisible();

  // The sole owner cannot leave or step down: the API refuses, and the rule is explained.
  await page.getByRole('button', { name: t('organisations.members.leave', { organisation: companyName }) }).click();
  const leaveDialog = page.getByRole('dialog', {
    name: t('organisations.members.leaveTitle', { organisation: companyName }),
  });
  await leaveDialog.getByRole('button', { name: t('organisations.members.leaveConfirm') }).click();
  await expect(leaveDialog.getByRole('alert')).toHaveText(t('organisations.members.lastOwner'));
  await expectAccessible(page, `leave refused, last owner, dialog (${language})`);
  await leaveDialog.getByRole('button', { name: t('actions.cancel') }).click();
  await expect(leaveDialog).toHaveCount(0);
  await page.getByRole('button', { name: t('organisations.members.makeMember', { name: 'Carl Företag' }) }).click();
  await expect(page.getByRole('alert').filter({ hasText: t('organisations.members.lastOwner') })).toBeVisible();
  await expectAccessible(page, `step down refused, last owner (${language})`);
  await expectPage(page, companyName);

  // Anyone else sees only the public fields.
  const organisationUrl = page.url();
  await page.context().clearCookies();
  await page.goto(organisationUrl);
  await expectPage(page, companyName);
  await expect(page.getByText(t('organisations.detail.public'))).toBeVisible();
  await expect(page.getByText('info@oresundsteknik.example.se')).toHaveCount(0);
  await expectAccessible(page, `an organisation's page, public (${language})`);
  await screenshots(page, 'organisation-public', language);

  // ── The resident accepts from My invitations, and is a member.
  await page.goto('/sign-in');
  await signIn(page, t, residentEmail, PASSWORD);
  await expectPage(page, t('home.title'));
  await page.goto('/organisations');
  await expect(page.getByText(t('organisations.list.invitationsWaiting', { count: 1 }))).toBeVisible();
  await expect(page.getByRole('link', { name: initiative })).toBeVisible();
  await expectAccessible(page, `my organisations, one and an invitation (${language})`);
  await screenshots(page, 'organisations', language);
  await page.getByRole('link', { name: t('organisations.list.invitationsLink') }).click();
  await expectPage(page, t('organisations.invitations.title'));
  const card = page.getByRole('listitem').filter({ hasText: companyName });
  await expect(card).toContainText(t('organisations.invitations.meaning_member', { organisation: companyName }));
  await expect(card).toContainText('Carl Företag');
  await expectAccessible(page, `my invitations (${language})`);
  await screenshots(page, 'invitations', language);

  await card
    .getByRole('button', { name: t('organisations.invitations.accept', { organisation: companyName }) })
    .click();
  const accepted = page.getByRole('status').filter({
    hasText: t('organisations.invitations.accepted', {
      role: t('organisations.rolesInSentence.member'),
      organisation: companyName,
    }),
  });
  await expect(accepted).toBeVisible();
  await expect(page.getByText(t('organisations.invitations.none'))).toBeVisible();
  await expectAccessible(page, `my invitations, accepted (${language})`);
  await accepted
    .getByRole('link', { name: t('organisations.invitations.open', { organisation: companyName }) })
    .click();

  await expectPage(page, companyName);
  await expect(page.getByText(t('organisations.detail.readOnly'))).toBeVisible();
  const members = page.getByRole('region', { name: t('organisations.members.title') });
  await expect(members.getByRole('listitem').filter({ hasText: residentEmail })).toContainText(
    t('organisations.roles.member'),
  );
  await expect(members.getByRole('listitem').filter({ hasText: companyEmail })).toContainText(
    t('organisations.roles.owner'),
  );
  // Read-only: no editing, inviting or role buttons for a plain member.
  await expect(page.getByRole('button', { name: t('organisations.edit.action') })).toHaveCount(0);
  await expect(page.getByLabel(t('organisations.invite.email'), { exact: true })).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('button')).toHaveCount(0);
  await expectAccessible(page, `an organisation's page, member (${language})`);
  await screenshots(page, 'organisation-member', language);
});

test('an owner makes a member an owner, then steps down; the new owner removes them', async ({
  page,
  t,
  language,
  request,
}) => {
  test.setTimeout(120_000);
  const ownerEmail = uniqueEmail(`org-own-${language}`);
  await registerAndSignIn(page, t, ownerEmail, 'Olle Ägare');
  const created = await page.request.post('/api/v1/organizations', {
    headers: { origin: BASE_URL },
    data: { name: `Akademin ${language} ${Date.now().toString(36)}`, kind: 'academia' },
  });
  expect(created.status()).toBe(201);
  const organisation = (await created.json()) as { id: string; name: string };
  // The demo partner is invited and accepts through the API (the screens for it are tested above).
  await page.request.post(`/api/v1/organizations/${organisation.id}/members`, {
    headers: { origin: BASE_URL },
    data: { email: 'partner@demo.testbed.se', role: 'member' },
  });
  const partner = await bearer(request, 'partner@demo.testbed.se', 'demo-partner-2026');
  const invitations = (await (await request.get('/api/v1/invitations', { headers: partner })).json()) as {
    items: { id: string; organization: { id: string } }[];
  };
  const invitation = invitations.items.find((item) => item.organization.id === organisation.id);
  expect(invitation).toBeDefined();
  expect((await request.post(`/api/v1/invitations/${invitation?.id}/accept`, { headers: partner })).status()).toBe(200);

  await page.goto(`/organisations/${organisation.id}`);
  await expectPage(page, organisation.name);
  await page.getByRole('button', { name: t('organisations.members.makeOwner', { name: 'Per Partner' }) }).click();
  await expect(
    page.getByRole('status').filter({
      hasText: t('organisations.members.roleChanged', {
        name: 'Per Partner',
        role: t('organisations.rolesInSentence.owner'),
      }),
    }),
  ).toBeVisible();
  // Two owners: this one may step down, and then sees the page read-only.
  await page.getByRole('button', { name: t('organisations.members.makeMember', { name: 'Olle Ägare' }) }).click();
  await expect(page.getByText(t('organisations.detail.readOnly'))).toBeVisible();
  await expect(page.getByLabel(t('organisations.invite.email'), { exact: true })).toHaveCount(0);

  // The new owner removes the former one (through the API); the page, reloaded, is the public one.
  const owner = await page.request.get('/api/v1/auth/me');
  const { id: ownerId } = (await owner.json()) as { id: string };
  expect(
    (
      await request.delete(`/api/v1/organizations/${organisation.id}/members/${ownerId}`, { headers: partner })
    ).status(),
  ).toBe(200);
  await page.reload();
  await expectPage(page, organisation.name);
  await expect(page.getByText(t('organisations.detail.public'))).toBeVisible();
});

/**
 * Keyboard only: from the navigation to a registered organisation, an invitation sent and
 * withdrawn, and an invitation to the keyboard user declined from My invitations.
 */
test('keyboard only: register an association, invite and withdraw, decline an invitation', async ({
  page,
  t,
  language,
  request,
}) => {
  test.setTimeout(180_000);
  const email = uniqueEmail(`org-keys-${language}`);
  const name = `Tangentföreningen ${language} ${Date.now().toString(36)}`;
  await registerAndSignIn(page, t, email, 'Tove Tangent');

  // Someone else's invitation to the keyboard user, through the API.
  const partner = await bearer(request, 'partner@demo.testbed.se', 'demo-partner-2026');
  const inviting = await request.post('/api/v1/organizations', {
    headers: partner,
    data: { name: `Bjuder in ${language} ${Date.now().toString(36)}`, kind: 'resident' },
  });
  expect(inviting.status()).toBe(201);
  const inviter = (await inviting.json()) as { id: string; name: string };
  expect(
    (
      await request.post(`/api/v1/organizations/${inviter.id}/members`, {
        headers: partner,
        data: { email, role: 'owner' },
      })
    ).status(),
  ).toBe(202);

  await tabTo(page, page.getByRole('navigation').getByRole('link', { name: t('nav.organisations') }));
  await page.keyboard.press('Enter');
  await expectPage(page, t('organisations.list.title'));
  await tabTo(page, page.getByRole('link', { name: t('organisations.list.create') }));
  await page.keyboard.press('Enter');
  await expectPage(page, t('organisations.create.title'));

  // The radio group: Tab into it, arrows to the association (company → startup → association).
  await tabTo(page, kindRadio(page, t, 'company'));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(kindRadio(page, t, 'association')).toBeChecked();
  await tabTo(page, page.getByLabel(t('organisations.create.name')));
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel(t('organisations.create.orgNumber'), { exact: true })).toBeFocused();
  await page.keyboard.type(
    withCheckDigit(`802${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`).replace('-', ''),
  );
  await expect(page.getByRole('status').filter({ hasText: t('organisations.create.orgNumberOk') })).toBeVisible();
  await page.keyboard.press('Enter');
  await expectPage(page, name);

  const invitee = uniqueEmail(`org-kx-${language}`);
  await tabTo(page, page.getByLabel(t('organisations.invite.email'), { exact: true }));
  await page.keyboard.type(invitee);
  await page.keyboard.press('Enter');
  const pending = page.getByRole('region', { name: t('organisations.pending.title') });
  await expect(pending.getByRole('listitem').filter({ hasText: invitee })).toContainText(
    t('organisations.pending.status'),
  );
  const withdraw = page.getByRole('button', { name: t('organisations.pending.withdraw', { email: invitee }) });
  await tabTo(page, withdraw);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await tabTo(page, dialog.getByRole('button', { name: t('organisations.pending.withdrawConfirm') }));
  await page.keyboard.press('Enter');
  await expect(pending.getByText(t('organisations.pending.none'))).toBeVisible();

  await page.goto('/invitations');
  await expectPage(page, t('organisations.invitations.title'));
  await expect(
    page.getByText(t('organisations.invitations.meaning_owner', { organisation: inviter.name })),
  ).toBeVisible();
  await tabTo(
    page,
    page.getByRole('button', { name: t('organisations.invitations.decline', { organisation: inviter.name }) }),
  );
  await page.keyboard.press('Enter');
  const decline = page.getByRole('dialog', {
    name: t('organisations.invitations.declineTitle', { organisation: inviter.name }),
  });
  await expect(decline).toBeVisible();
  await expectAccessible(page, `decline an invitation, dialog (${language})`);
  await tabTo(page, decline.getByRole('button', { name: t('organisations.invitations.declineConfirm') }));
  await page.keyboard.press('Enter');
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: t('organisations.invitations.declined', { organisation: inviter.name }) }),
  ).toBeVisible();
  await expect(page.getByText(t('organisations.invitations.none'))).toBeVisible();
});
