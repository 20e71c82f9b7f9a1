/* Tasks side by side on a few threads (see analysis/data/parallel.h). */
#include "analysis/data/parallel.h"

#include <pthread.h>
#include <stdatomic.h>

#include "io/csv_split.h"

#define PARALLEL_MAX_THREADS 64

struct pool {
	size_t n;
	atomic_size_t next; /* the next task to take */
	void (*task)(void *ctx, size_t t);
	void *ctx;
};

static void *work(void *arg)
{
	struct pool *p = arg;

	for (size_t t; (t = atomic_fetch_add(&p->next, 1)) < p->n;)
		p->task(p->ctx, t);
	return NULL;
}

void parallel_run(size_t n, size_t threads, void (*task)(void *ctx, size_t t), void *ctx)
{
	struct pool p = {.n = n, .task = task, .ctx = ctx};
	pthread_t tid[PARALLEL_MAX_THREADS];
	size_t started = 0;

	atomic_init(&p.next, 0);
	if (threads == 0)
		threads = csv_split_processors();
	if (threads > n)
		threads = n;
	if (threads > PARALLEL_MAX_THREADS)
		threads = PARALLEL_MAX_THREADS;
	while (started + 1 < threads && pthread_create(&tid[started], NULL, work, &p) == 0)
		started++;
	work(&p);
	for (size_t i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
}
