# Application server of a clinic's patient record software, backed up to a Recovery Services
# vault that this configuration does not manage.

terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.10"
    }
  }
}

provider "azurerm" {
  features {}
  subscription_id = "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b"
}

resource "azurerm_network_interface" "dpi" {
  name                = "nic-dpi-app"
  resource_group_name = "rg-dpi-fr"
  location            = "francecentral"

  ip_configuration {
    name                          = "internal"
    subnet_id                     = "/subscriptions/1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b/resourceGroups/rg-network-fr/providers/Microsoft.Network/virtualNetworks/vnet-fr/subnets/app"
    private_ip_address_allocation = "Dynamic"
  }
}

resource "azurerm_linux_virtual_machine" "dpi" {
  name                  = "vm-dpi-app"
  resource_group_name   = "rg-dpi-fr"
  location              = "francecentral"
  size                  = "Standard_D4s_v5"
  admin_username        = "exploitation"
  network_interface_ids = [azurerm_network_interface.dpi.id]

  admin_ssh_key {
    username   = "exploitation"
    public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyForTestdataOnly exploitation@clinique"
  }

  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_ZRS"
  }

  source_image_reference {
    publisher = "Canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = "server"
    version   = "latest"
  }

  tags = {
    data-classification = "health"
  }
}

# Backed up to the shared vault of the IT department, managed in another configuration.
resource "azurerm_backup_protected_vm" "dpi" {
  resource_group_name = "rg-backup-shared"
  recovery_vault_name = "rsv-shared-backup"
  source_vm_id        = azurerm_linux_virtual_machine.dpi.id
  backup_policy_id    = "/subscriptions/1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b/resourceGroups/rg-backup-shared/providers/Microsoft.RecoveryServices/vaults/rsv-shared-backup/backupPolicies/daily"
}
