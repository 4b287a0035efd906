import { normaliseOrgNumber, orgNumberProblem, orgNumberRequirement } from './orgNumber';
import type { OrganisationKind, OrgNumberProblem } from './orgNumber';

/** The fields of the organisation form, by the API's names (CreateOrganizationDto). */
export type OrganisationField = 'kind' | 'name' | 'orgNumber' | 'website' | 'description' | 'contactEmail';
export type OrganisationValues = Record<OrganisationField, string>;

/** What is wrong with a field, as the catalogue's word for it (organisations.*). */
export type OrganisationError =
  | 'kindRequired'
  | 'nameRequired'
  | 'nameLength'
  | 'websiteInvalid'
  | 'descriptionLong'
  | 'emailInvalid'
  | `orgNumber.${OrgNumberProblem | 'required'}`;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The API's limits (CreateOrganizationDto, UpdateOrganizationDto), checked before sending. */
export function organisationErrors(
  values: OrganisationValues,
  options: { creating: boolean },
): Partial<Record<OrganisationField, OrganisationError>> {
  const errors: Partial<Record<OrganisationField, OrganisationError>> = {};
  const kind = values.kind as OrganisationKind | '';
  if (options.creating && !kind) errors.kind = 'kindRequired';
  const name = values.name.trim();
  if (!name) errors.name = 'nameRequired';
  else if (name.length < 2 || name.length > 200) errors.name = 'nameLength';
  if (options.creating && kind) {
    const requirement = orgNumberRequirement(kind);
    const orgNumber = normaliseOrgNumber(values.orgNumber);
    if (requirement !== 'refused') {
      if (!orgNumber && requirement === 'required') errors.orgNumber = 'orgNumber.required';
      const problem = orgNumber ? orgNumberProblem(orgNumber) : null;
      if (problem) errors.orgNumber = `orgNumber.${problem}`;
    }
  }
  if (values.website.trim() && !isWebAddress(values.website.trim())) errors.website = 'websiteInvalid';
  if (values.description.length > 2000) errors.description = 'descriptionLong';
  if (values.contactEmail.trim() && !EMAIL.test(values.contactEmail.trim())) errors.contactEmail = 'emailInvalid';
  return errors;
}

/** An http(s) address with a host that has a dot (the API's IsUrl with require_protocol). */
export function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.') && value.length <= 300;
  } catch {
    return false;
  }
}

/**
 * The body of POST /organizations: only the fields the kind takes (a resident sends no
 * orgNumber), empty optional fields left out, the orgNumber as the API wants it.
 */
export function createBody(values: OrganisationValues) {
  const kind = values.kind as OrganisationKind;
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  const orgNumber =
    orgNumberRequirement(kind) === 'refused' ? undefined : optional(normaliseOrgNumber(values.orgNumber));
  return {
    kind,
    name: values.name.trim(),
    orgNumber,
    website: optional(values.website),
    description: optional(values.description),
    contactEmail: optional(values.contactEmail),
  };
}

/** The body of PATCH /organizations/:id: an emptied optional field is cleared (null). */
export function updateBody(values: OrganisationValues) {
  const optional = (value: string) => (value.trim() ? value.trim() : null);
  return {
    name: values.name.trim(),
    website: optional(values.website),
    description: optional(values.description),
    contactEmail: optional(values.contactEmail),
  };
}
