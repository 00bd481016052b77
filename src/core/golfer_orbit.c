/* Exhaustive search over symmetric social golfer plans: see golfer_orbit.h.
 *
 * Players 0 .. c n - 1 sit in c cycles of n (sigma turns each by one), the
 * rest stay put. A pair's orbit is the pairs sigma^k takes it to. Round k
 * of a run is sigma^k of its first round, so a pair seated in a first round
 * stands for its whole orbit over the run: each pair of the orbit meets
 * once there exactly when L divides the orbit's size and the first round
 * holds no other pair of that orbit than the images of this one under
 * H = <sigma^L> (which keeps the first round). So a plan without repeats is
 * a choice, for each first round, of tables closed under H whose pairs use
 * every orbit at most once: a depth-first search seats the player with the
 * fewest partners left (pairs whose orbit is still free) at a table of
 * such partners and the table's images, and backs out at a dead end.
 * Restarts with a fresh random order of partners, their node limit
 * doubling, keep one bad early choice from eating the budget; a restart
 * that ends within its limit has searched everything. */
#include "golfer_orbit.h"

#include <stdlib.h>
#include <string.h>

/* Nodes of the first restart; each further one gets twice as many. */
#define ORBIT_FIRST_LIMIT 4096L

struct orbit {
	const struct golfer_orbit *in;
	int N, S, B, n, L;      /* players, seats, first rounds, cycle, run */
	int runs;               /* first rounds of runs; the B - runs after them are invariant */
	int *sig;               /* n x N: sigma^k(p) */
	int *pair_orbit;        /* N x N: smallest pair of the orbit, -1 for a player with himself */
	int *pair_size;         /* N x N: pairs in the orbit */
	int *pair_h;            /* N x N: smallest pair of the orbit under H */
	unsigned char *used;    /* N x N, by pair_orbit */
	int *seat;              /* B x N: table in the first round, -1 free */
	int *tables;            /* B: tables seated */
	int *scratch;           /* per depth of the search: N partners, then S at the table */
	int depth;
	long nodes, limit, spent, grown;
	bool out;               /* limit reached: the search was cut */
	bool stop;              /* budget spent or asked to stop */
};

static int pair_index(int N, int p, int q)
{
	return p < q ? p * N + q : q * N + p;
}

/* Rounds of first round b's run: L, or 1 for an invariant round. */
static int run_of(const struct orbit *o, int b)
{
	return b < o->runs ? o->L : 1;
}

/* The orbit of x and y where first round b may seat them together (its
 * size a multiple of b's run, still unused), else -1. */
static int free_orbit(const struct orbit *o, int b, int x, int y)
{
	size_t at = (size_t)x * (size_t)o->N + (size_t)y;
	int po = o->pair_orbit[at];
	return po >= 0 && !o->used[po] && o->pair_size[at] % run_of(o, b) == 0 ? po : -1;
}

bool golfer_orbit_fits(int players, int tables, int rounds, int cycle, int run, int rest, int invariant)
{
	if (tables < 1 || players % tables || players / tables < 2 || cycle < 2 || cycle > players || run < 1 ||
	    invariant < 0 || invariant > rounds || (rounds - invariant) % run || cycle % run || rest < 1 ||
	    cycle % rest || players % cycle % rest)
		return false;
	if (rest > 1 || invariant)
		return true;
	int fixed = players % cycle;
	/* Two who stay put may never sit together: their pair is its own orbit,
	 * seated in every round of a run. */
	return run == 1 || fixed <= tables;
}

/* Pairs of x's with a free player of first round b whose orbit is free. */
static int partners(const struct orbit *o, int b, int x, int *list)
{
	int k = 0;
	const int *seat = &o->seat[(size_t)b * (size_t)o->N];
	for (int y = 0; y < o->N; y++) {
		if (y == x || seat[y] >= 0)
			continue;
		if (free_orbit(o, b, x, y) >= 0) {
			if (list)
				list[k] = y;
			k++;
		}
	}
	return k;
}

/* Seats table T (S players) and its images under H in first round b,
 * marking the orbits its pairs use; false (nothing changed) where an image
 * overlaps another or a seated player, or the table's pairs use an orbit
 * twice. */
static bool place(struct orbit *o, int b, const int *T)
{
	int N = o->N, S = o->S;
	int *seat = &o->seat[(size_t)b * (size_t)N];
	for (int i = 0; i < S; i++)
		for (int j = i + 1; j < S; j++) {
			int po = free_orbit(o, b, T[i], T[j]);
			if (po < 0)
				return false;
			/* Pairs of one orbit at this table: images of each other
			 * under H, or the run would seat a pair twice. Under
			 * <sigma> (an invariant round) they always are. */
			for (int a = 0; a <= i; a++)
				for (int c = a + 1; c < S && (a < i || c < j); c++)
					if (o->pair_orbit[(size_t)T[a] * (size_t)N + (size_t)T[c]] == po && b < o->runs &&
					    o->pair_h[(size_t)T[a] * (size_t)N + (size_t)T[c]] !=
						    o->pair_h[(size_t)T[i] * (size_t)N + (size_t)T[j]])
						return false;
		}
	/* Images: each either T itself (then all players map into T) or
	 * disjoint from everything seated so far, T and earlier images included. */
	int first = o->tables[b];
	int t = first;
	for (int j = 0, L = run_of(o, b); j < o->n / L; j++) {
		const int *h = &o->sig[(size_t)(j * L) * (size_t)N];
		int new = 0, old = 0;
		for (int i = 0; i < S; i++) {
			int s = seat[h[T[i]]];
			if (s < 0)
				new++;
			else if (s >= first)
				old++;
		}
		if (new == S) {
			for (int i = 0; i < S; i++)
				seat[h[T[i]]] = t;
			t++;
			continue;
		}
		/* An image already seated must be a whole earlier image. */
		int s0 = seat[h[T[0]]];
		bool whole = old == S;
		for (int i = 1; whole && i < S; i++)
			whole = seat[h[T[i]]] == s0;
		if (!whole) {
			for (int p = 0; p < N; p++)
				if (seat[p] >= first)
					seat[p] = -1;
			return false;
		}
	}
	o->tables[b] = t;
	for (int i = 0; i < S; i++)
		for (int j = i + 1; j < S; j++)
			o->used[o->pair_orbit[(size_t)T[i] * (size_t)N + (size_t)T[j]]] = 1;
	return true;
}

static void unplace(struct orbit *o, int b, const int *T, int first)
{
	int *seat = &o->seat[(size_t)b * (size_t)o->N];
	for (int p = 0; p < o->N; p++)
		if (seat[p] >= first)
			seat[p] = -1;
	o->tables[b] = first;
	for (int i = 0; i < o->S; i++)
		for (int j = i + 1; j < o->S; j++)
			o->used[o->pair_orbit[(size_t)T[i] * (size_t)o->N + (size_t)T[j]]] = 0;
}

static bool search(struct orbit *o);
static bool spend(struct orbit *o);

/* Tables of x with k more of cand[from ..], each a free orbit with those
 * chosen; each whole one seated and searched on. */
static bool choose(struct orbit *o, int b, int *T, int k, const int *cand, int from, int count)
{
	/* A table grown by one costs a look at its players, a node a look at
	 * every pair: N of the first count as one node, so the count bounds
	 * the time where tables are large and dead ends come late. */
	if (++o->grown % o->N == 0 && !spend(o))
		return false;
	if (k == o->S) {
		int first = o->tables[b];
		if (!place(o, b, T))
			return false;
		if (search(o))
			return true;
		unplace(o, b, T, first);
		return false;
	}
	for (int i = from; i <= count - (o->S - k) && !o->out && !o->stop; i++) {
		int y = cand[i];
		bool ok = true;
		for (int a = 1; ok && a < k; a++) {
			ok = free_orbit(o, b, T[a], y) >= 0;
		}
		if (!ok)
			continue;
		T[k] = y;
		if (choose(o, b, T, k + 1, cand, i + 1, count))
			return true;
	}
	return false;
}

/* Counts a node; false where the search must end here. */
static bool spend(struct orbit *o)
{
	if (++o->nodes > o->limit) {
		o->out = true;
		return false;
	}
	if (o->spent + o->nodes >= o->in->budget) {
		o->stop = true;
		return false;
	}
	if (o->nodes % 256 == 0 && o->in->progress &&
	    o->in->progress(o->in->ctx, (double)(o->spent + o->nodes) / (double)o->in->budget)) {
		o->stop = true;
		return false;
	}
	return true;
}

static bool search(struct orbit *o)
{
	if (!spend(o))
		return false;
	/* The first round not yet full (runs before invariant rounds: the
	 * other way round was 10 times slower on 8 x 4 x 10), and in it the
	 * free player with the fewest partners left. */
	int N = o->N, b = 0, x = -1, fewest = N;
	while (b < o->B && o->tables[b] * o->S == N)
		b++;
	if (b == o->B)
		return true;
	const int *seat = &o->seat[(size_t)b * (size_t)N];
	for (int p = 0; p < N; p++)
		if (seat[p] < 0) {
			int k = partners(o, b, p, NULL);
			if (k < fewest)
				fewest = k, x = p;
		}
	if (fewest < o->S - 1)
		return false;
	int *cand = &o->scratch[(size_t)o->depth * (size_t)(N + o->S)], *T = cand + N;
	partners(o, b, x, cand);
	for (int i = fewest - 1; i > 0; i--) {
		int j = (int)(o->in->random(o->in->rng) % (uint64_t)(i + 1)), t = cand[i];
		cand[i] = cand[j], cand[j] = t;
	}
	T[0] = x;
	o->depth++;
	bool found = choose(o, b, T, 1, cand, 0, fewest);
	o->depth--;
	return found;
}

enum golfer_orbit_end golfer_orbit_solve(const struct golfer_orbit *in, int *table, long *nodes)
{
	if (nodes)
		*nodes = 0;
	if (!golfer_orbit_fits(in->players, in->tables, in->rounds, in->cycle, in->run, in->rest, in->invariant))
		return GOLFER_ORBIT_UNFIT;
	struct orbit o = { .in = in, .N = in->players, .S = in->players / in->tables, .n = in->cycle, .L = in->run };
	o.runs = (in->rounds - in->invariant) / o.L, o.B = o.runs + in->invariant;
	size_t N = (size_t)o.N, NN = N * N;
	o.sig = malloc((size_t)o.n * N * sizeof(int));
	o.pair_orbit = malloc(NN * sizeof(int));
	o.pair_size = malloc(NN * sizeof(int));
	o.pair_h = malloc(NN * sizeof(int));
	o.used = calloc(NN, 1);
	o.seat = malloc((size_t)o.B * N * sizeof(int));
	o.tables = calloc((size_t)o.B, sizeof(int));
	/* Every node seats at least one table. */
	o.scratch = malloc(((size_t)o.B * (size_t)in->tables + 1) * (N + (size_t)o.S) * sizeof(int));
	enum golfer_orbit_end end = GOLFER_ORBIT_NOMEM;
	if (!o.sig || !o.pair_orbit || !o.pair_size || !o.pair_h || !o.used || !o.seat || !o.tables || !o.scratch)
		goto done;
	int cyc = o.N / o.n * o.n, d = in->rest > 1 ? in->rest : 1;
	for (int k = 0; k < o.n; k++)
		for (int p = 0; p < o.N; p++)
			o.sig[(size_t)k * N + (size_t)p] = p < cyc ? p / o.n * o.n + (p % o.n + k) % o.n
			                                           : cyc + (p - cyc) / d * d + ((p - cyc) % d + k) % d;
	for (int p = 0; p < o.N; p++)
		for (int q = 0; q < o.N; q++) {
			int least = pair_index(o.N, p, q), least_h = least, size = 0;
			for (int k = 0; k < o.n; k++) {
				int e = pair_index(o.N, o.sig[(size_t)k * N + (size_t)p], o.sig[(size_t)k * N + (size_t)q]);
				if (e == pair_index(o.N, p, q) && k)
					break;
				size++;
				least = e < least ? e : least;
				if (k % o.L == 0)
					least_h = e < least_h ? e : least_h;
			}
			/* The orbit closes after size steps; every pair of it meets
			 * once per run only when L divides that. */
			o.pair_orbit[(size_t)p * N + (size_t)q] = p != q ? least : -1;
			o.pair_size[(size_t)p * N + (size_t)q] = size;
			o.pair_h[(size_t)p * N + (size_t)q] = least_h;
		}
	end = GOLFER_ORBIT_BUDGET;
	for (o.limit = ORBIT_FIRST_LIMIT; !o.stop; o.limit *= 2) {
		memset(o.seat, -1, (size_t)o.B * N * sizeof(int));
		memset(o.tables, 0, (size_t)o.B * sizeof(int));
		memset(o.used, 0, NN);
		o.nodes = 0, o.out = false, o.depth = 0;
		bool found = search(&o);
		o.spent += o.nodes;
		if (found) {
			for (int r = 0; r < in->rounds; r++) {
				int b = r < o.runs * o.L ? r / o.L : o.runs + r - o.runs * o.L;
				int k = r < o.runs * o.L ? r % o.L : 0;
				for (int p = 0; p < o.N; p++)
					table[(size_t)r * N + (size_t)p] =
						o.seat[(size_t)b * N + (size_t)o.sig[(size_t)((o.n - k) % o.n) * N + (size_t)p]];
			}
			end = GOLFER_ORBIT_FOUND;
			break;
		}
		if (!o.out && !o.stop) {
			end = GOLFER_ORBIT_NONE;
			break;
		}
	}
	if (nodes)
		*nodes = o.spent;
done:
	free(o.sig);
	free(o.pair_orbit);
	free(o.pair_size);
	free(o.pair_h);
	free(o.used);
	free(o.seat);
	free(o.tables);
	free(o.scratch);
	return end;
}
