import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A message to publish, written in the same transaction as the state it announces. */
@Entity({ name: 'outbox_messages' })
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'text' }) topic!: string;
  @Column({ name: 'message_key', type: 'text', nullable: true }) messageKey!: string | null;
  @Column({ type: 'text' }) payload!: string;
  @Column({ type: 'jsonb' }) headers!: Record<string, string>;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
