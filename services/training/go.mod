module github.com/simpeg-id/simpeg/services/training

go 1.26.0

require github.com/simpeg-id/simpeg/platform v0.0.0-00010101000000-000000000000

replace github.com/simpeg-id/simpeg/platform => ../../platform
