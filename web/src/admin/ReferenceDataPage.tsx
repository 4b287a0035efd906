import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Form } from 'react-aria-components';
import type { ApiError } from '../api/client';
import { useDepartments, useWelfareAreas } from '../reference/hooks';
import type { Department, WelfareArea } from '../reference/hooks';
import { Button } from '../ui/Button';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useFormState } from '../ui/form';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';
import { TextField } from '../ui/TextField';
import { AdminNav } from './AdminNav';
import { FormDialog } from './FormDialog';
import { useCreateDepartment, useCreateWelfareArea, useRenameDepartment, useUpdateWelfareArea } from './hooks';
import { RequireRole } from '../account/RequireRole';
import { slugFrom } from './user-rules';
import './admin.css';
import './tables.css';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const CODE = /^[a-z][a-z0-9_]*$/;

/** Admins keep the reference data: the city's departments and the welfare areas (Swedish and English names). */
export default function ReferenceDataPage() {
  const { t } = useTranslation();
  return (
    <RequireRole title={t('admin.reference.title')} roles={['admin']}>
      {() => <ReferenceData />}
    </RequireRole>
  );
}

function ReferenceData() {
  const { t } = useTranslation();
  const departments = useDepartments();
  const areas = useWelfareAreas();
  const [notice, setNotice] = useState('');
  return (
    <Page title={t('admin.reference.title')} lead={t('admin.reference.lead')}>
      <AdminNav />
      <p role="status" className="notice-line">
        {notice}
      </p>
      <section className="admin-section" aria-labelledby="departments-title">
        <h2 id="departments-title">{t('admin.reference.departments')}</h2>
        <QueryState query={departments}>
          {(list) => (
            <div className="table-scroll">
              <table className="data-table">
                <caption className="visually-hidden">{t('admin.reference.departments')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.reference.name')}</th>
                    <th scope="col">{t('admin.reference.slug')}</th>
                    <th scope="col">{t('admin.users.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((department) => (
                    <tr key={department.id}>
                      <th scope="row">{department.name}</th>
                      <td>
                        <code>{department.slug}</code>
                      </td>
                      <td>
                        <RenameDepartment department={department} onDone={setNotice} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
        <DepartmentForm onDone={setNotice} />
      </section>
      <section className="admin-section" aria-labelledby="areas-title">
        <h2 id="areas-title">{t('admin.reference.areas')}</h2>
        <QueryState query={areas}>
          {(list) => (
            <div className="table-scroll">
              <table className="data-table">
                <caption className="visually-hidden">{t('admin.reference.areas')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.reference.code')}</th>
                    <th scope="col">{t('admin.reference.nameSv')}</th>
                    <th scope="col">{t('admin.reference.nameEn')}</th>
                    <th scope="col">{t('admin.users.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((area) => (
                    <tr key={area.code}>
                      <th scope="row">
                        <code>{area.code}</code>
                      </th>
                      <td lang="sv">{area.nameSv}</td>
                      <td lang="en">{area.nameEn}</td>
                      <td>
                        <EditArea area={area} onDone={setNotice} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
        <AreaForm onDone={setNotice} />
      </section>
    </Page>
  );
}

function RenameDepartment({ department, onDone }: { department: Department; onDone: (notice: string) => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog
      triggerLabel={t('admin.reference.rename')}
      triggerName={t('admin.reference.renameNamed', { name: department.name })}
      title={t('admin.reference.renameTitle', { name: department.name })}
    >
      {(close) => <DepartmentForm editing={{ department, close }} onDone={onDone} />}
    </FormDialog>
  );
}

function EditArea({ area, onDone }: { area: WelfareArea; onDone: (notice: string) => void }) {
  const { t } = useTranslation();
  return (
    <FormDialog
      triggerLabel={t('admin.reference.editNames')}
      triggerName={t('admin.reference.editNamesOf', { code: area.code })}
      title={t('admin.reference.editAreaTitle', { code: area.code })}
    >
      {(close) => <AreaForm editing={{ area, close }} onDone={onDone} />}
    </FormDialog>
  );
}

/** Adding a department (below the table, with its slug) or renaming one (in a dialog; its slug is kept). */
function DepartmentForm({
  editing,
  onDone,
}: {
  editing?: { department: Department; close: () => void };
  onDone: (notice: string) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateDepartment();
  const rename = useRenameDepartment();
  const form = useFormState(
    {
      name: { id: editing ? `rename-${editing.department.id}` : 'department-name', label: t('admin.reference.name') },
      slug: { id: 'department-slug', label: t('admin.reference.slug') },
    },
    { name: editing?.department.name ?? '', slug: '' },
  );
  const name = (values: { name: string }) =>
    values.name.trim().length >= 2 ? undefined : t('admin.reference.nameShort');
  const refusal = (error: ApiError) =>
    error.status === 409 ? { field: 'name' as const, message: t('admin.reference.departmentTaken') } : null;
  if (editing) {
    const { department, close } = editing;
    return (
      <ReferenceForm
        submitLabel={t('admin.reference.save')}
        isPending={rename.isPending}
        close={close}
        onSubmit={form.submit(rename, {
          check: (values) => ({ name: name(values) }),
          variables: (values) => ({ id: department.id, name: values.name.trim() }),
          onSuccess: (saved) => {
            close();
            onDone(t('admin.reference.departmentRenamed', { name: saved.name }));
          },
          refusal,
        })}
      >
        <ErrorSummary errors={form.summary} />
        <p className="muted">{t('admin.reference.slugKept', { slug: department.slug })}</p>
        <TextField {...form.field('name')} autoComplete="off" />
      </ReferenceForm>
    );
  }
  return (
    <ReferenceForm
      heading={{ id: 'new-department-title', text: t('admin.reference.newDepartment') }}
      submitLabel={t('admin.reference.addDepartment')}
      isPending={create.isPending}
      onSubmit={form.submit(create, {
        check: (values) => ({
          name: name(values),
          slug: SLUG.test(values.slug || slugFrom(values.name)) ? undefined : t('admin.reference.slugInvalid'),
        }),
        variables: (values) => ({ name: values.name.trim(), slug: values.slug || slugFrom(values.name) }),
        onSuccess: (department) => {
          form.set('name')('');
          form.set('slug')('');
          onDone(t('admin.reference.departmentCreated', { name: department.name }));
        },
        refusal,
      })}
    >
      <ErrorSummary errors={form.summary} />
      <TextField {...form.field('name')} autoComplete="off" />
      <TextField
        {...form.field('slug')}
        autoComplete="off"
        hint={t('admin.reference.slugHint', { suggestion: slugFrom(form.values.name) || 'kulturforvaltningen' })}
      />
    </ReferenceForm>
  );
}

/** Adding a welfare area (its code and names) or correcting an area's names in a dialog (the code stays). */
function AreaForm({
  editing,
  onDone,
}: {
  editing?: { area: WelfareArea; close: () => void };
  onDone: (notice: string) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateWelfareArea();
  const update = useUpdateWelfareArea();
  const form = useFormState(
    {
      code: { id: 'area-code', label: t('admin.reference.code') },
      nameSv: { id: editing ? `area-${editing.area.code}-sv` : 'area-name-sv', label: t('admin.reference.nameSv') },
      nameEn: { id: editing ? `area-${editing.area.code}-en` : 'area-name-en', label: t('admin.reference.nameEn') },
    },
    { code: '', nameSv: editing?.area.nameSv ?? '', nameEn: editing?.area.nameEn ?? '' },
  );
  const names = (values: { nameSv: string; nameEn: string }) => ({
    nameSv: values.nameSv.trim().length >= 2 ? undefined : t('admin.reference.nameShort'),
    nameEn: values.nameEn.trim().length >= 2 ? undefined : t('admin.reference.nameShort'),
  });
  const nameFields = (
    <>
      <TextField {...form.field('nameSv')} autoComplete="off" />
      <TextField {...form.field('nameEn')} autoComplete="off" />
    </>
  );
  if (editing) {
    const { area, close } = editing;
    return (
      <ReferenceForm
        submitLabel={t('admin.reference.save')}
        isPending={update.isPending}
        close={close}
        onSubmit={form.submit(update, {
          check: names,
          variables: (values) => ({
            code: area.code,
            body: { nameSv: values.nameSv.trim(), nameEn: values.nameEn.trim() },
          }),
          onSuccess: (saved) => {
            close();
            onDone(t('admin.reference.areaUpdated', { code: saved.code }));
          },
        })}
      >
        <ErrorSummary errors={form.summary} />
        {nameFields}
      </ReferenceForm>
    );
  }
  return (
    <ReferenceForm
      heading={{ id: 'new-area-title', text: t('admin.reference.newArea') }}
      submitLabel={t('admin.reference.addArea')}
      isPending={create.isPending}
      onSubmit={form.submit(create, {
        check: (values) => ({
          code: CODE.test(values.code) && values.code.length >= 2 ? undefined : t('admin.reference.codeInvalid'),
          ...names(values),
        }),
        variables: (values) => ({ code: values.code, nameSv: values.nameSv.trim(), nameEn: values.nameEn.trim() }),
        onSuccess: (area) => {
          for (const field of ['code', 'nameSv', 'nameEn'] as const) form.set(field)('');
          onDone(t('admin.reference.areaCreated', { code: area.code }));
        },
        refusal: (error) => (error.status === 409 ? { field: 'code', message: t('admin.reference.codeTaken') } : null),
      })}
    >
      <ErrorSummary errors={form.summary} />
      <TextField {...form.field('code')} autoComplete="off" hint={t('admin.reference.codeHint')} />
      {nameFields}
    </ReferenceForm>
  );
}

/**
 * The shell both kinds of form share: a new item's form is named by its own heading; an item's
 * form in a dialog is named by the dialog and has a cancel button.
 */
function ReferenceForm({
  heading,
  submitLabel,
  isPending,
  close,
  onSubmit,
  children,
}: {
  heading?: { id: string; text: string };
  submitLabel: string;
  isPending: boolean;
  close?: () => void;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Form
      className={heading ? 'form admin-form' : 'form'}
      aria-labelledby={heading?.id}
      validationBehavior="aria"
      onSubmit={onSubmit}
    >
      {heading && <h3 id={heading.id}>{heading.text}</h3>}
      {children}
      <div className="button-row">
        <Button type="submit" isPending={isPending}>
          {submitLabel}
        </Button>
        {close && (
          <Button variant="secondary" onPress={close}>
            {t('actions.cancel')}
          </Button>
        )}
      </div>
    </Form>
  );
}
