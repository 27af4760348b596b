// Integration tests open many KafkaJS clients; drop the one warning KafkaJS 2.2.4 raises on
// every connection under Node 24 (see silenceKafkaJsTimeoutWarning).
import { silenceKafkaJsTimeoutWarning } from '@shop/platform-messaging';

silenceKafkaJsTimeoutWarning();
