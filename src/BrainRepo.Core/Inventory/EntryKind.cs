namespace BrainRepo.Core.Inventory;

public enum EntryKind
{
    File,
    Directory,
    Symlink,
    Other,
}
