/* Baseline (a) for `make bench`: the bytes of a file read in 1 MiB chunks and its lines counted,
 * with no parsing: the floor under any CSV reader. Prints the number of data rows (lines - 1). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: read_baseline FILE\n"); return 2; }
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0) { perror(argv[1]); return 2; }
    static char buffer[1 << 20];
    long long lines = 0, bytes = 0;
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0) {
        bytes += n;
        for (char *p = buffer, *end = buffer + n; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) lines++;
    }
    if (n < 0) { perror(argv[1]); return 2; }
    close(fd);
    printf("%lld rows, %lld bytes\n", lines > 0 ? lines - 1 : 0, bytes);
    return 0;
}
