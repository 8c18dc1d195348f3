headers: { Authorization: "lin_<<!>>api_Z4YPjPhbSBe2pYxy2viMSG2RIMd3jGANOOrWQ0Lm" }
