namespace BrainRepo.Core.Operations;

/// <summary>
/// A new seal key was created (under <c>secrets = "seal"</c>): the user must back it up off the machine, since
/// sealed files cannot be restored without it. Carries the key's id and file, never the key.
/// </summary>
public sealed record SealKeyCreated(string KeyId, string Location) : OperationEvent;
