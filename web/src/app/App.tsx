import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, use } from 'react';
import type { ReactNode } from 'react';
import { RouterProvider } from 'react-aria-components';
import { BrowserRouter, Route, Routes, useHref, useNavigate } from 'react-router';
import type { NavigateOptions } from 'react-router';
import { queryClient } from '../api/queryClient';
import { loadWorkspaceTexts } from '../i18n/i18n';
import { HomePage } from '../home/HomePage';
import { Layout } from './Layout';
import { Loading } from './Loading';

// Every route but the home page is its own chunk: a first visit downloads only what it shows,
// and the workspaces added later do not grow it.
const ChallengesPage = lazy(() => import('../challenges/ChallengesPage'));
const ChallengePage = lazy(() => import('../challenges/ChallengePage'));
const ProposePage = lazy(() => import('../proposals/ProposePage'));
const MyProposalsPage = lazy(() => import('../proposals/MyProposalsPage'));
const ProposalPage = lazy(() => import('../proposals/ProposalPage'));
const RegistryPage = lazy(() => import('../pilots/RegistryPage'));
const PilotListPage = lazy(() => import('../pilots/PilotListPage'));
const PilotPage = lazy(() => import('../pilots/PilotPage'));
const SignInPage = lazy(() => import('../account/SignInPage'));
const RegisterPage = lazy(() => import('../account/RegisterPage'));
const RegisterConfirmPage = lazy(() => import('../account/RegisterConfirmPage'));
const ForgotPasswordPage = lazy(() => import('../account/ForgotPasswordPage'));
const ResetPasswordPage = lazy(() => import('../account/ResetPasswordPage'));
const AccountPage = lazy(() => import('../account/AccountPage'));
const EmailConfirmPage = lazy(() => import('../account/EmailConfirmPage'));
const NotificationsPage = lazy(() => import('../notifications/NotificationsPage'));
const OrganisationsPage = lazy(() => import('../organisations/OrganisationsPage'));
const NewOrganisationPage = lazy(() => import('../organisations/NewOrganisationPage'));
const OrganisationPage = lazy(() => import('../organisations/OrganisationPage'));
const InvitationsPage = lazy(() => import('../organisations/InvitationsPage'));
const PrivacyPage = lazy(() => import('./PrivacyPage'));
const PipelinePage = lazy(() => import('../pipeline/PipelinePage'));
const UsersPage = lazy(() => import('../admin/UsersPage'));
const CreateUserPage = lazy(() => import('../admin/CreateUserPage'));
const ReferenceDataPage = lazy(() => import('../admin/ReferenceDataPage'));
const AuditPage = lazy(() => import('../admin/AuditPage'));
const EventsPage = lazy(() => import('../events/EventsPage'));
const EventPage = lazy(() => import('../events/EventPage'));
const NewEventPage = lazy(() => import('../events/EventFormPage').then((m) => ({ default: m.NewEventPage })));
const EditEventPage = lazy(() => import('../events/EventFormPage').then((m) => ({ default: m.EditEventPage })));
const ParticipantsPage = lazy(() =>
  import('../events/ParticipantsPage').then((m) => ({ default: m.ParticipantsPage })),
);
const AttendancePage = lazy(() => import('../events/ParticipantsPage').then((m) => ({ default: m.AttendancePage })));
const RoomsPage = lazy(() => import('../events/RoomsPage'));
const NotFoundPage = lazy(() => import('./NotFoundPage'));
const DepartmentPage = lazy(() => import('../department/DepartmentPage'));
const ChallengeEditorPage = lazy(() => import('../department/ChallengeEditorPage'));
const DepartmentProposalsPage = lazy(() => import('../department/ProposalsPage'));
const RankingPage = lazy(() => import('../department/RankingPage'));
const DepartmentProposalPage = lazy(() => import('../department/ProposalPage'));
const AssignmentsPage = lazy(() => import('../evaluation/AssignmentsPage'));
const AssignmentPage = lazy(() => import('../evaluation/AssignmentPage'));

declare module 'react-aria-components' {
  interface RouterConfig {
    routerOptions: NavigateOptions;
  }
}

/** React Aria's links and menus navigate through React Router (client-side, no reload). */
function AriaRouter({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  return (
    <RouterProvider navigate={(to, options) => void navigate(to, options)} useHref={useHref}>
      {children}
    </RouterProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <AriaRouter>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={<HomePage />} />
              <Route path="challenges" element={<Lazy page={<ChallengesPage />} />} />
              <Route path="challenges/:id" element={<Lazy page={<ChallengePage />} />} />
              <Route path="challenges/:id/propose" element={<Lazy page={<ProposePage />} />} />
              <Route path="proposals" element={<Lazy page={<MyProposalsPage />} />} />
              <Route path="proposals/:id" element={<Lazy page={<ProposalPage />} />} />
              <Route path="pilots" element={<Lazy page={<RegistryPage />} />} />
              <Route path="workspace/pilots" element={<Lazy page={<PilotListPage />} />} />
              <Route path="workspace/pilots/:id" element={<Lazy page={<PilotPage />} />} />
              <Route path="sign-in" element={<Lazy page={<SignInPage />} />} />
              <Route path="register" element={<Lazy page={<RegisterPage />} />} />
              <Route path="register/confirm" element={<Lazy page={<RegisterConfirmPage />} />} />
              <Route path="forgot-password" element={<Lazy page={<ForgotPasswordPage />} />} />
              <Route path="reset-password" element={<Lazy page={<ResetPasswordPage />} />} />
              <Route path="account" element={<Lazy page={<AccountPage />} />} />
              <Route path="account/email/confirm" element={<Lazy page={<EmailConfirmPage />} />} />
              <Route path="notifications" element={<Lazy page={<NotificationsPage />} />} />
              <Route path="organisations" element={<Lazy page={<OrganisationsPage />} />} />
              <Route path="organisations/new" element={<Lazy page={<NewOrganisationPage />} />} />
              <Route path="organisations/:id" element={<Lazy page={<OrganisationPage />} />} />
              <Route path="invitations" element={<Lazy page={<InvitationsPage />} />} />
              <Route path="privacy" element={<Lazy page={<PrivacyPage />} />} />
              <Route path="pipeline" element={<Lazy page={<PipelinePage />} />} />
              <Route path="admin" element={<Lazy page={<UsersPage />} />} />
              <Route path="admin/users" element={<Lazy page={<UsersPage />} />} />
              <Route path="admin/users/new" element={<Lazy page={<CreateUserPage />} />} />
              <Route path="admin/reference-data" element={<Lazy page={<ReferenceDataPage />} />} />
              <Route path="audit" element={<Lazy page={<AuditPage />} />} />
              <Route path="events" element={<Lazy page={<EventsPage />} />} />
              <Route path="events/new" element={<Lazy page={<NewEventPage />} />} />
              <Route path="events/rooms" element={<Lazy page={<RoomsPage />} />} />
              <Route path="events/:id" element={<Lazy page={<EventPage />} />} />
              <Route path="events/:id/edit" element={<Lazy page={<EditEventPage />} />} />
              <Route path="events/:id/participants" element={<Lazy page={<ParticipantsPage />} />} />
              <Route path="events/:id/attendance" element={<Lazy page={<AttendancePage />} />} />
              <Route path="department" element={<Lazy page={<DepartmentPage />} />} />
              <Route path="department/challenges/new" element={<Lazy page={<ChallengeEditorPage />} />} />
              <Route path="department/challenges/:id" element={<Lazy page={<ChallengeEditorPage />} />} />
              <Route path="department/challenges/:id/proposals" element={<Lazy page={<DepartmentProposalsPage />} />} />
              <Route path="department/challenges/:id/ranking" element={<Lazy page={<RankingPage />} />} />
              <Route path="department/proposals/:id" element={<Lazy page={<DepartmentProposalPage />} />} />
              <Route path="evaluation" element={<Lazy page={<AssignmentsPage />} />} />
              <Route path="evaluation/assignments/:id" element={<Lazy page={<AssignmentPage />} />} />
              <Route path="*" element={<Lazy page={<NotFoundPage />} />} />
            </Route>
          </Routes>
        </AriaRouter>
      </BrowserRouter>
    </QueryClientProvider>
  );
}

/** A route's page: its code and the workspaces' texts arrive together, behind one loading state. */
function Lazy({ page }: { page: ReactNode }) {
  return (
    <Suspense fallback={<Loading />}>
      <WorkspaceTexts>{page}</WorkspaceTexts>
    </Suspense>
  );
}

function WorkspaceTexts({ children }: { children: ReactNode }) {
  use(loadWorkspaceTexts());
  return children;
}
