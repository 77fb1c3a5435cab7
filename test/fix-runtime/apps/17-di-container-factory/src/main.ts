import { AccountsController } from './accounts.controller';
import { databaseProvider } from './database.module';
import { bootstrap, Module } from './framework';

@Module({ providers: [databaseProvider], controllers: [AccountsController] })
class AppModule {}

void bootstrap(AppModule, Number(process.env.PORT ?? 3000));
