/*
 * Linked into the native (AOT) executable only; see BrainRepo.Cli.csproj.
 *
 * Before main() the .NET runtime rehydrates about 6 MB of type data into the executable's zero-filled
 * (.bss-like) segment. On virtual machines where the first touch of each fresh 4 KiB page is a hypervisor
 * exit, that alone is about 1,000 page faults of every command in small pages (docs/benchmarks.md). This constructor
 * runs first and asks for transparent huge pages on that segment (madvise(MADV_HUGEPAGE)), as
 * HugePages.cs does for the managed heap; the kernel ignores it when THP is off. BRAINREPO_HUGE_PAGES=0
 * turns it off.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static int advise_program_bss(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    /* The first object is the program itself (empty name); stop after it. */
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type != PT_LOAD || p->p_memsz <= p->p_filesz + (2u << 20)) {
            continue;
        }

        uintptr_t start = (info->dlpi_addr + p->p_vaddr + p->p_filesz + 4095) & ~(uintptr_t)4095;
        uintptr_t end = (info->dlpi_addr + p->p_vaddr + p->p_memsz) & ~(uintptr_t)4095;
        if (end > start) {
            (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
        }
    }

    return 1;
}

__attribute__((constructor)) static void brainrepo_advise_huge_pages(void)
{
    const char *setting = getenv("BRAINREPO_HUGE_PAGES");
    if (setting != NULL && strcmp(setting, "0") == 0) {
        return;
    }

    dl_iterate_phdr(advise_program_bss, NULL);
}
