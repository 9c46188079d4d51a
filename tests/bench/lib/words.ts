// Vocabulary for generated plans, in the register of the seed (system-design topics, tools, trade-offs).

export const TOPICS: readonly { prefix: string; title: string }[] = [
  { prefix: 'CACHE', title: 'Caching Problems & Solutions' },
  { prefix: 'K8S', title: 'Kubernetes & Container Orchestration' },
  { prefix: 'NET', title: 'Networking Fundamentals' },
  { prefix: 'SEC', title: 'Authentication & Security' },
  { prefix: 'DB', title: 'Database & Data Structures' },
  { prefix: 'MICRO', title: 'Microservices & Distributed Systems' },
  { prefix: 'CLOUD', title: 'Cloud Architecture' },
  { prefix: 'CASE', title: 'Real-World Case Studies' },
  { prefix: 'APP', title: 'Application Patterns' },
  { prefix: 'DATA', title: 'Data Engineering' },
  { prefix: 'SEARCH', title: 'Search & Retrieval' },
  { prefix: 'AI', title: 'Generative AI' },
  { prefix: 'LINUX', title: 'Linux & Operating Systems' },
  { prefix: 'API', title: 'API Design & Protocols' },
  { prefix: 'RT', title: 'Real-Time & Communication' },
  { prefix: 'DEVOPS', title: 'DevOps & CI/CD' },
  { prefix: 'PERF', title: 'Performance & Monitoring' },
  { prefix: 'ARCH', title: 'Architecture Patterns' },
  { prefix: 'MSG', title: 'Messaging & Kafka' },
  { prefix: 'PAY', title: 'Payments & Compliance' },
  { prefix: 'DEV', title: 'Developer Resources' },
  { prefix: 'ROAD', title: 'Developer Roadmaps' },
  { prefix: 'PROG', title: 'Programming Concepts' },
  { prefix: 'WEB', title: 'Web & Frontend' },
  { prefix: 'MISC', title: 'Additional Topics' },
];

export const ADJECTIVES = [
  'Distributed', 'Consistent', 'Scalable', 'Resilient', 'Event-Driven', 'Stateless', 'Multi-Region', 'Real-Time',
  'Incremental', 'Secure', 'Lazy', 'Adaptive', 'Hierarchical', 'Federated', 'Idempotent', 'Observable',
] as const;

export const NOUNS = [
  'Cache', 'Queue', 'Gateway', 'Load Balancer', 'Index', 'Replica', 'Shard', 'Scheduler', 'Pipeline', 'Proxy',
  'Registry', 'Ledger', 'Snapshot', 'Consensus', 'Rate Limiter', 'Circuit Breaker', 'Bloom Filter', 'Log',
  'Stream', 'Webhook', 'Token', 'Session', 'Service Mesh', 'Sidecar', 'CDN', 'Data Lake', 'Warehouse',
] as const;

export const ASPECTS = [
  'Deep Dive', 'Cheat Sheet', 'Trade-offs', 'Architecture', 'Best Practices', 'Failure Modes', 'Case Study',
  'Decision Tree', 'Internals', 'Patterns', 'Crash Course', 'Evolution',
] as const;

export const DETAILS = [
  'diagram showing problem and solutions', 'locking, early expiration', 'Bloom filter solution',
  'hot key expiration, mutex locks', 'warm-up strategies', 'Client → CDN → Load Balancer → Service',
  'control plane and worker nodes', 'health probes, sidecars, operators', 'key exchange, cipher suites',
  'pagination, filtering, error handling', 'N+1 problem, resolver patterns', 'ACID, isolation levels',
  'range, hash and consistent hashing', 'Jaeger, Zipkin, OpenTelemetry', 'backup region, pilot light',
  'reserved instances, right sizing', 'MongoDB → Cassandra → ScyllaDB', 'producer/consumer config',
  'shards, replicas, cluster management', 'retry mechanisms, dead-letter queues', 'RTO/RPO targets',
  'interchange fees, settlement', 'vmstat, iostat, perf, strace', 'company examples and trade-offs',
] as const;

export const NOTES = [
  'Implemented with SVG diagrams', 'Added company examples and trade-offs', 'Reviewed with the platform team',
  'Diagrams redrawn after feedback', 'Quiz questions added', 'Split into two entries', 'Cross-links updated',
] as const;

export const PROSE = [
  'These items build on the previous section; keep the diagrams consistent with the shared legend.',
  'Each entry needs a diagram, a description, real-world examples and two or three quiz questions.',
  'Where a topic overlaps an existing pattern, extend the existing entry instead of adding a new one.',
  'Prefer concrete numbers (latency, throughput, cost) over adjectives in every description.',
] as const;
