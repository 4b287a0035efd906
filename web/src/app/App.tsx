import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import { RouterProvider } from 'react-aria-components';
import { BrowserRouter, Route, Routes, useHref, useNavigate } from 'react-router';
import type { NavigateOptions } from 'react-router';
import { queryClient } from '../api/queryClient';
import { HomePage } from '../home/HomePage';
import { Layout } from './Layout';
import { Loading } from './Loading';

// Every route but the home page is its own chunk: a first visit downloads only what it shows,
// and the workspaces added later do not grow it.
const ChallengesPage = lazy(() => import('../challenges/ChallengesPage'));
const ChallengePage = lazy(() => import('../challenges/ChallengePage'));
const ProposePage = lazy(() => import('../challenges/ProposePage'));
const RegistryPage = lazy(() => import('../pilots/RegistryPage'));
const SignInPage = lazy(() => import('../account/SignInPage'));
const RegisterPage = lazy(() => import('../account/RegisterPage'));
const RegisterConfirmPage = lazy(() => import('../account/RegisterConfirmPage'));
const ForgotPasswordPage = lazy(() => import('../account/ForgotPasswordPage'));
const ResetPasswordPage = lazy(() => import('../account/ResetPasswordPage'));
const AccountPage = lazy(() => import('../account/AccountPage'));
const EmailConfirmPage = lazy(() => import('../account/EmailConfirmPage'));
const PrivacyPage = lazy(() => import('./PrivacyPage'));
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
              <Route path="pilots" element={<Lazy page={<RegistryPage />} />} />
              <Route path="sign-in" element={<Lazy page={<SignInPage />} />} />
              <Route path="register" element={<Lazy page={<RegisterPage />} />} />
              <Route path="register/confirm" element={<Lazy page={<RegisterConfirmPage />} />} />
              <Route path="forgot-password" element={<Lazy page={<ForgotPasswordPage />} />} />
              <Route path="reset-password" element={<Lazy page={<ResetPasswordPage />} />} />
              <Route path="account" element={<Lazy page={<AccountPage />} />} />
              <Route path="account/email/confirm" element={<Lazy page={<EmailConfirmPage />} />} />
              <Route path="privacy" element={<Lazy page={<PrivacyPage />} />} />
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

function Lazy({ page }: { page: ReactNode }) {
  return <Suspense fallback={<Loading />}>{page}</Suspense>;
}
