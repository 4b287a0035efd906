import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { Schemas } from '../api/client';
import { SESSION_KEY } from './session';

/**
 * The account operations. Signing in sets the session cookie (httpOnly: this code never sees a
 * token); the session query is then refreshed, and signing out forgets every cached answer, since
 * they may hold what only that person could see.
 */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['LoginDto']) => call(api.POST('/api/v1/auth/session', { body })),
    onSuccess: (user) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, user);
    },
  });
}

function useSignedOut() {
  const queryClient = useQueryClient();
  return () => {
    queryClient.clear();
    queryClient.setQueryData(SESSION_KEY, null);
  };
}

export function useSignOut() {
  const signedOut = useSignedOut();
  return useMutation({
    mutationFn: () => call(api.DELETE('/api/v1/auth/session')),
    onSuccess: signedOut,
  });
}

export function useSignOutEverywhere() {
  const signedOut = useSignedOut();
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/auth/sign-out-everywhere')),
    onSuccess: signedOut,
  });
}

export function useRegister() {
  return useMutation({
    mutationFn: (body: Schemas['RegisterDto']) => call(api.POST('/api/v1/auth/register', { body })),
  });
}

export function useConfirmRegistration() {
  return useMutation({
    mutationFn: (body: Schemas['ConfirmRegistrationDto']) => call(api.POST('/api/v1/auth/register/confirm', { body })),
  });
}

export function useForgotPassword() {
  return useMutation({
    mutationFn: (body: Schemas['ForgotPasswordDto']) => call(api.POST('/api/v1/auth/password/forgot', { body })),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (body: Schemas['ResetPasswordDto']) => call(api.POST('/api/v1/auth/password/reset', { body })),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: Schemas['ChangePasswordDto']) => call(api.POST('/api/v1/auth/password', { body })),
  });
}

export function useChangeEmail() {
  return useMutation({
    mutationFn: (body: Schemas['ChangeEmailDto']) => call(api.POST('/api/v1/auth/email', { body })),
  });
}

export function useConfirmEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ConfirmEmailChangeDto']) => call(api.POST('/api/v1/auth/email/confirm', { body })),
    onSuccess: (user) => queryClient.setQueryData(SESSION_KEY, user),
  });
}
