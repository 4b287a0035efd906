import { Module } from '@nestjs/common';
import { EventReminders } from './event-reminders';
import { EventCalendarController, EventsController, RoomsController } from './events.controller';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

@Module({
  // The calendar controller first: its static `calendar.ics` must not be read as an event id.
  controllers: [EventCalendarController, EventsController, RoomsController],
  providers: [EventsService, EventsRepository, EventReminders],
  exports: [EventsService],
})
export class EventsModule {}
