namespace UmsOrleans.Engine.Encoders.Text;

/// <summary>One text padded to a fixed length: ids (padding with the pad id), mask 1 on real tokens, segment ids all 0.</summary>
public sealed record PaddedTokens(long[] Ids, long[] Mask, long[] SegmentIds);
