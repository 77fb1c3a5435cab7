import { Client } from 'pg';
import { DATABASE_URL } from './config';

export const db = new Client(DATABASE_URL);
