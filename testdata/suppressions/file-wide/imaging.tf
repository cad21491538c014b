# Imaging archive, added later by another team: same provider, same unknown region, and no
# file-wide suppression here, so its HDS004 is reported.
resource "aws_s3_bucket" "imaging_archive" {
  bucket = "ght-imaging-archive"

  tags = {
    hds = "true"
  }
}
