import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Rejection } from '@app/contracts';

/** A consumed message that failed validation; unique per source offset so a redelivery adds nothing. */
@Entity({ name: 'rejected_messages' })
export class RejectedMessageEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'source_topic', type: 'text' }) sourceTopic!: string;
  @Column({ name: 'source_partition', type: 'int' }) sourcePartition!: number;
  @Column({ name: 'source_offset', type: 'bigint' }) sourceOffset!: string;
  @Column({ name: 'message_key', type: 'text', nullable: true }) messageKey!: string | null;
  @Column({ name: 'reason_code', type: 'text' }) reasonCode!: string;
  @Column({ type: 'jsonb' }) reason!: Rejection;
  @Column({ type: 'text' }) payload!: string;
  @Column({ name: 'rejected_at', type: 'timestamptz' }) rejectedAt!: Date;
}
