/*
 * The benchmark's stat client: stat(2) on PATH in a loop for SECS seconds, then
 * "CALLS SECONDS" on stdout. In C so the client's own cost per call is the same
 * small constant for every server measured.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s PATH SECS\n", argv[0]);
		return 2;
	}
	double secs = atof(argv[2]), t0 = now(), t = t0;
	unsigned long n = 0;
	struct stat st;
	while (t - t0 < secs) {
		for (int i = 0; i < 200; i++) {
			if (stat(argv[1], &st) != 0) {
				perror(argv[1]);
				return 1;
			}
		}
		n += 200;
		t = now();
	}
	printf("%lu %.6f\n", n, t - t0);
	return 0;
}
