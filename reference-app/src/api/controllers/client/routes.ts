import { invoke } from '../../middlewares/dependencies.ts';
import { anyone, type RouteGroup, route, signedIn } from '../../route-definition.ts';
import { accountResponse, changePasswordBody, renameBody } from '../../validators/account.ts';
import {
  loginBody,
  refreshBody,
  registerBody,
  tokenPairResponse,
  userResponse,
} from '../../validators/auth.ts';
import { makeAccountController } from './account-controller.ts';
import { makeAuthController } from './auth-controller.ts';

// #region client-routes
/** The client app (web, mobile): a person signing in and acting on their own account. */
export const clientRoutes: RouteGroup = {
  name: 'client',
  prefix: '/api/client',
  description: 'A person signing in and acting on their own account, from the web or mobile app.',
  routes: [
    // #region register-route
    route({
      method: 'post',
      operationId: 'register',
      path: '/auth/register',
      summary: 'Create an account',
      access: anyone,
      errors: ['EMAIL_TAKEN'],
      rateLimit: 'register',
      idempotent: true,
      request: { body: registerBody },
      responses: {
        201: {
          description: 'The new user',
          schema: userResponse,
          headers: { location: 'Where the new account is read: /api/client/me.' },
        },
      },
      handler: invoke(makeAuthController, 'register'),
    }),
    // #endregion register-route
    route({
      method: 'post',
      operationId: 'logIn',
      path: '/auth/login',
      summary: 'Sign in with email and password',
      access: anyone,
      errors: ['INVALID_CREDENTIALS', 'ACCOUNT_SUSPENDED'],
      rateLimit: 'login',
      request: { body: loginBody },
      responses: { 200: { description: 'A new session', schema: tokenPairResponse } },
      handler: invoke(makeAuthController, 'login'),
    }),
    route({
      method: 'post',
      operationId: 'refreshTokens',
      path: '/auth/refresh',
      summary: 'Trade a refresh token for a new pair (the old one stops working)',
      access: anyone,
      errors: ['INVALID_REFRESH_TOKEN'],
      request: { body: refreshBody },
      responses: { 200: { description: 'The next pair', schema: tokenPairResponse } },
      handler: invoke(makeAuthController, 'refresh'),
    }),
    route({
      method: 'post',
      operationId: 'logOut',
      path: '/auth/logout',
      summary: 'End this session',
      access: signedIn,
      request: {},
      responses: { 204: { description: 'Signed out' } },
      handler: invoke(makeAuthController, 'logout'),
    }),
    route({
      method: 'get',
      operationId: 'getMyAccount',
      path: '/me',
      summary: 'My account, with my roles',
      access: signedIn,
      // The account was deleted while the request ran.
      errors: ['USER_NOT_FOUND'],
      request: {},
      responses: { 200: { description: 'The account', schema: accountResponse } },
      handler: invoke(makeAccountController, 'show'),
    }),
    route({
      method: 'patch',
      operationId: 'renameMe',
      path: '/me',
      summary: 'Change my name',
      access: signedIn,
      // The account was deleted while the request ran.
      errors: ['USER_NOT_FOUND'],
      request: { body: renameBody },
      responses: { 200: { description: 'The account', schema: accountResponse } },
      handler: invoke(makeAccountController, 'rename'),
    }),
    route({
      method: 'post',
      operationId: 'changeMyPassword',
      path: '/me/password',
      summary: 'Change my password and sign out my other sessions',
      access: signedIn,
      // The current password is a credential: guessing it is limited like signing in.
      rateLimit: 'password-check',
      errors: ['WRONG_PASSWORD'],
      request: { body: changePasswordBody },
      responses: { 204: { description: 'Changed' } },
      handler: invoke(makeAccountController, 'changePassword'),
    }),
  ],
};
// #endregion client-routes
