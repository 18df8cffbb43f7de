namespace UmsOrleans.Importer.Vl;

/// <summary>What a UMS checkpoint is, from its key names: the DeiT image encoder (SOP / In-Shop) or a vision-language layout.</summary>
public enum UmsCheckpointKind
{
    Deit,
    VistaBase,
    VistaBaseShare,
}
