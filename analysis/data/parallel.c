/* Tasks side by side on a few threads (see analysis/data/parallel.h). */
#include "analysis/data/parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "io/csv_split.h"

#define PARALLEL_MAX_THREADS 64

/* Runs fn(arg) on `threads` threads (0: one per processor), at most `limit` and
 * PARALLEL_MAX_THREADS, the caller's among them, and returns when all have returned; a thread that
 * cannot be started is one fewer (fn takes whatever work is left). */
static void on_threads(size_t threads, size_t limit, void *(*fn)(void *), void *arg)
{
	pthread_t tid[PARALLEL_MAX_THREADS];
	size_t started = 0;

	if (threads == 0)
		threads = csv_split_processors();
	if (threads > limit)
		threads = limit;
	if (threads > PARALLEL_MAX_THREADS)
		threads = PARALLEL_MAX_THREADS;
	while (started + 1 < threads && pthread_create(&tid[started], NULL, fn, arg) == 0)
		started++;
	fn(arg);
	for (size_t i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
}

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

	atomic_init(&p.next, 0);
	on_threads(threads, n, work, &p);
}

struct pipeline {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	size_t n, slots;
	size_t next;    /* the next task to make */
	size_t used;    /* tasks used so far (all before it) */
	size_t *made;   /* per slot: 1 + the task made in it, 0 when none */
	int using;      /* a thread is using a result */
	int status;     /* the first nonzero use() */
	void (*make)(void *ctx, size_t t, size_t slot);
	int (*use)(void *ctx, size_t t, size_t slot);
	void *ctx;
};

/* Each thread: use the next result when it is made and nobody is using one, else make the next
 * task when its slot is free, else wait for a change. */
static void *pipe_work(void *arg)
{
	struct pipeline *p = arg;

	pthread_mutex_lock(&p->lock);
	while (p->status == 0 && p->used < p->n) {
		size_t t;
		if (!p->using && p->made[p->used % p->slots] == p->used + 1) {
			int status;
			t = p->used;
			p->using = 1;
			pthread_mutex_unlock(&p->lock);
			status = p->use(p->ctx, t, t % p->slots);
			pthread_mutex_lock(&p->lock);
			p->made[t % p->slots] = 0;
			p->used++;
			p->using = 0;
			if (status && !p->status)
				p->status = status;
		} else if (p->next < p->n && p->next < p->used + p->slots) {
			t = p->next++;
			pthread_mutex_unlock(&p->lock);
			p->make(p->ctx, t, t % p->slots);
			pthread_mutex_lock(&p->lock);
			p->made[t % p->slots] = t + 1;
		} else {
			pthread_cond_wait(&p->changed, &p->lock);
			continue;
		}
		pthread_cond_broadcast(&p->changed);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

int parallel_ordered(size_t n, size_t slots, size_t threads, void (*make)(void *ctx, size_t t, size_t slot),
		     int (*use)(void *ctx, size_t t, size_t slot), void *ctx)
{
	struct pipeline p = {.n = n, .slots = slots ? slots : 1, .make = make, .use = use, .ctx = ctx};
	if (n == 0)
		return 0;
	if (!(p.made = calloc(p.slots, sizeof *p.made)))
		return -1;
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.changed, NULL);
	on_threads(threads, n < p.slots ? n : p.slots, pipe_work, &p);
	pthread_cond_destroy(&p.changed);
	pthread_mutex_destroy(&p.lock);
	free(p.made);
	return p.status;
}
