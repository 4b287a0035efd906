import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config';
import type { AppConfig } from '../config/config';
import { MailDelivery } from './mail-delivery';
import { MailOutbox } from './mail-outbox';
import { MAIL_TRANSPORT, mailTransport } from './mail-transport';

/** Global, like notifications: registration and invitations queue mails in their own transactions. */
@Global()
@Module({
  providers: [
    MailOutbox,
    MailDelivery,
    { provide: MAIL_TRANSPORT, inject: [APP_CONFIG], useFactory: (config: AppConfig) => mailTransport(config.mail) },
  ],
  exports: [MailOutbox],
})
export class MailModule {}
