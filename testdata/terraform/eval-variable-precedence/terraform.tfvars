# Team sandbox: Ireland (covered by the AWS HDS certificate).
region = "eu-west-1"
