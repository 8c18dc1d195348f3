using BrainRepo.Core.Platform;

namespace BrainRepo.Core.Restore;

public sealed partial class RestoreExecutor
{
    /// <summary>
    /// One worker's current folder: a descriptor of where that folder's files are written (the folder
    /// itself, or its place inside a staging folder), opened below the target without following any
    /// symlink, and whether files created there get their mode without an fchmod. Plan order keeps a
    /// folder's files together, so it is opened about once per folder.
    /// </summary>
    private sealed class FolderCursor(RestoreExecutor owner, string root) : IDisposable
    {
        private bool ownsFd;
        private bool defaultAcl;

        /// <summary>The folder, relative to the target; null before the first file.</summary>
        public string? Folder { get; private set; }

        /// <summary>Where its entries are written, relative to the target.</summary>
        public string Location { get; private set; } = "";

        /// <summary>True for a new folder built inside a staging folder: files are created at their final names.</summary>
        public bool Staged { get; private set; }

        /// <summary>The folder's descriptor, or -1 where files are written by path (off Linux).</summary>
        public int Fd { get; private set; } = -1;

        public void MoveTo(string folder)
        {
            if (folder == Folder)
            {
                return;
            }

            Release();
            var staged = owner.stagedFolders.TryGetValue(folder, out var location);
            location ??= folder;
            if (staged)
            {
                owner.EnsureStagedFolder(root, folder);
            }

            if (owner.rootFd >= 0)
            {
                var fd = owner.rootFd;
                if (location.Length > 0)
                {
                    fd = NativeFileSystem.OpenDirectoryBeneath(owner.rootFd, location, out var errno);
                    if (fd < 0)
                    {
                        throw NativeFileSystem.IsNotAFolder(errno) || NativeFileSystem.IsGone(errno)
                            ? new RestoreRefusedException([new RestoreProblem(folder, NativeFileSystem.IsGone(errno)
                                ? "is not a folder on disk any more; restore stopped"
                                : "became a symlink on disk after the plan was made; restore stopped rather than write through it")])
                            : new IOException($"Could not open the folder '{location}' of the target: {NativeFileSystem.Describe(errno)}.", errno);
                    }

                    ownsFd = true;
                }

                Fd = fd;
                defaultAcl = NativeFileSystem.HasDefaultAcl(fd);
            }

            Folder = folder;
            Location = location;
            Staged = staged;
        }

        /// <summary>True when a file created here with <paramref name="mode"/> needs an fchmod to get exactly that mode.</summary>
        public bool NeedsChmod(UnixFileMode mode) => !NativeFileSystem.CreateYieldsExactMode(mode, defaultAcl, owner.umask);

        public void Dispose() => Release();

        private void Release()
        {
            if (ownsFd)
            {
                NativeFileSystem.CloseDirectory(Fd);
            }

            ownsFd = false;
            Fd = -1;
            Folder = null;
        }
    }
}
