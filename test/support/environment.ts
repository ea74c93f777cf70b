import { testDatabaseUrl } from './test-environment';

process.env.DATABASE_URL = testDatabaseUrl();
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
