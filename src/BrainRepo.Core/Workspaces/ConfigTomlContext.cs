using Tomlyn.Model;
using Tomlyn.Serialization;

namespace BrainRepo.Core.Workspaces;

/// <summary>Source-generated (reflection-free, native-AOT-safe) TOML parsing into the document model.</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class ConfigTomlContext : TomlSerializerContext;
