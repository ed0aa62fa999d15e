"""The pages of the 收费催缴 tab: 收款, 欠费, 催缴计划, 收费率与原因, 催缴函, 账单."""
