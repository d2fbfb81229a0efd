/*
 * How fast is this machine right now, apart from either SIP server? Sessions on the same VM have differed by a
 * factor of two or more (bench/RESULTS.md), and SIPp's cost per call, the yardstick so far, moves with the load it
 * drives. This prints a header and one tab-separated line of:
 *   - the latency of a dependent load over working sets of 16 KiB to 256 MiB (ns), which places the caches and memory;
 *   - a register-only loop (ns per iteration), which does not touch memory at all;
 *   - a UDP round trip on loopback between two processes on different CPUs (µs of wall time and of the sender's
 *     CPU), the kernel path both servers pay per datagram, with the wake-up between CPUs.
 * Build and run: bench/tools/machine_probe.sh [OUT_FILE]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static double cpu_seconds(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

static void pin(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
}

/* One random cycle through every slot (Sattolo's shuffle), so each load depends on the one before and the
 * prefetchers cannot guess the next line. NaN when the memory cannot be had. */
static double chase_ns(size_t bytes)
{
    size_t n = bytes / sizeof(size_t);
    size_t *next = malloc(n * sizeof(size_t));
    if (next == NULL) return NAN;
    for (size_t i = 0; i < n; i++) next[i] = i;
    uint64_t seed = 88172645463325252ULL;
    for (size_t i = n - 1; i > 0; i--) {
        seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
        size_t j = seed % i, t = next[i];
        next[i] = next[j]; next[j] = t;
    }
    size_t p = 0;
    for (size_t i = 0; i < n; i++) p = next[p];   /* touch every page once before timing */
    const long loads = 20000000;
    double start = now();
    for (long i = 0; i < loads; i++) p = next[p];
    double ns = (now() - start) / loads * 1e9;
    free(next);
    return ns + (p == (size_t)-1);   /* keeps p live */
}

static double compute_ns(void)
{
    volatile uint64_t x = 1;
    const long iterations = 200000000;
    double start = now();
    for (long i = 0; i < iterations; i++) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return (now() - start) / iterations * 1e9;
}

static int bound_socket(struct sockaddr_in *address)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    socklen_t len = sizeof *address;
    struct timeval wait = { .tv_sec = 1 };   /* a datagram lost on loopback must not hang the session */
    if (s < 0 || bind(s, (struct sockaddr *)address, sizeof *address) != 0 ||
        getsockname(s, (struct sockaddr *)address, &len) != 0 ||
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait) != 0) {
        return -1;
    }
    return s;
}

/* The parent sends 64 bytes and waits for them back; the child, on the other CPU, echoes. NaN when a socket, the
 * child or a round trip fails. */
static void udp_round_trip(double *wall_us, double *cpu_us)
{
    const int trips = 50000;
    *wall_us = *cpu_us = NAN;
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) }, sb = sa;
    int a = bound_socket(&sa), b = bound_socket(&sb);
    if (a < 0 || b < 0) return;
    char buffer[64] = { 0 };
    pid_t child = fork();
    if (child < 0) return;
    if (child == 0) {
        pin(1);
        for (int i = 0; i < trips; i++) {
            if (recv(b, buffer, sizeof buffer, 0) < 0) _exit(1);
            sendto(b, buffer, sizeof buffer, 0, (struct sockaddr *)&sa, sizeof sa);
        }
        _exit(0);
    }
    pin(0);
    usleep(100000);
    double start = now(), cpu = cpu_seconds();
    int done = 0;
    while (done < trips && sendto(a, buffer, sizeof buffer, 0, (struct sockaddr *)&sb, sizeof sb) > 0 &&
           recv(a, buffer, sizeof buffer, 0) > 0) {
        done++;
    }
    if (done == trips) {
        *wall_us = (now() - start) / trips * 1e6;
        *cpu_us = (cpu_seconds() - cpu) / trips * 1e6;
    } else {
        kill(child, SIGKILL);
    }
    waitpid(child, NULL, 0);
}

int main(void)
{
    static const size_t sizes[] = { 16 << 10, 256 << 10, 4 << 20, 32 << 20, 256 << 20 };
    double chase[5];
    pin(0);
    for (int i = 0; i < 5; i++) chase[i] = chase_ns(sizes[i]);
    double compute = compute_ns(), wall, cpu;
    udp_round_trip(&wall, &cpu);
    printf("load_16K_ns\tload_256K_ns\tload_4M_ns\tload_32M_ns\tload_256M_ns\tcompute_ns\tudp_rtt_us\tudp_rtt_cpu_us\n");
    printf("%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.3f\t%.1f\t%.1f\n", chase[0], chase[1], chase[2], chase[3], chase[4], compute, wall, cpu);
    return 0;
}
