import { Module } from '@nestjs/common';
import { EventNotices } from './event-notices';
import { EventRegistrationsService } from './event-registrations.service';
import { EventReminders } from './event-reminders';
import { EventCalendarController, EventsController, RoomsController } from './events.controller';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';
import { RoomsService } from './rooms.service';

@Module({
  // The calendar controller first: its static `calendar.ics` must not be read as an event id.
  controllers: [EventCalendarController, EventsController, RoomsController],
  providers: [EventsService, EventRegistrationsService, RoomsService, EventNotices, EventsRepository, EventReminders],
  exports: [EventsService],
})
export class EventsModule {}
