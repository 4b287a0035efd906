import { Module } from '@nestjs/common';

/** Placeholder: built by its own issue (see PRODUCT.md §5). */
@Module({})
export class PartnersModule {}
